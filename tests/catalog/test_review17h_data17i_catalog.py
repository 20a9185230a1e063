"""Review 17h (data17i): facts are named in the source's own terms (measure, indicator, fund
source), checked over the whole catalog."""

import re

import povlib
from povlib.catalog.facts import FUND_SOURCES

EXIT_WORDS = ("摘帽", "出列", "退出", "脱贫", "脫貧")


def _facts():
    f = povlib.load_facts()
    return f.merge(povlib.load_indicators()[["key", "label_en"]], left_on="indicator", right_on="key")


def test_an_exit_count_is_worded_as_exit_in_its_quote():
    f = _facts()
    exited = f[f["label_en"].str.contains(r"(?:counties|villages)\b.*\bexited\b", case=False)]
    assert len(exited)
    wrong = [i for i, q in zip(exited["fact_id"], exited["quote"]) if not any(w in q for w in EXIT_WORDS)]
    assert wrong == []


def test_an_annual_label_has_a_year_word_in_its_quote():
    f = _facts()
    annual = f[f["label_en"].str.match(r"(?i)annual")]
    assert len(annual)
    wrong = [i for i, q in zip(annual["fact_id"], annual["quote"]) if "年" not in re.sub(r"\d+\s*年", "", q)]
    assert wrong == []


def test_a_stock_worded_from_a_level_is_a_level():
    # "从A下降到B": both are levels (actual), whatever a curator suspects; doubts go in anomalies
    f = povlib.load_facts()
    pairs = f[(f["indicator"] == "poor_population") & f["quote"].str.contains("從|从") & f["quote"].str.contains("下降到|下降至")]
    assert len(pairs)
    assert set(pairs["measure"]) == {"actual"}
    assert (pairs["item"] == "").all()


def test_done_wording_is_not_recorded_as_a_plan():
    # a figure in a clause worded as done (實施…安置, …達) is not a plan unless the clause plans it (規劃/计划)
    f = povlib.load_facts()
    done = re.compile(r"實施|实施|分別達|分别达")
    plan = re.compile(r"規劃|规划|計劃|计划|預計|预计|將|将|要|今年|明年|實施好|实施好")
    wrong = []
    for r in f[f["measure"] == "plan"].itertuples():
        clause = next((c for c in re.split(r"[,，;；。]", r.quote) if r.raw in c), r.quote)
        if done.search(clause) and not plan.search(clause):
            wrong.append(r.fact_id)
    assert wrong == []


def test_a_state_enterprise_s_own_investment_is_not_society_funding():
    assert "state_enterprise_own" in FUND_SOURCES
    f = povlib.load_facts()
    own = f[f["note"].str.contains("State Grid", na=False) & (f["topic"] == "funding")]
    assert len(own) >= 3
    assert set(own["fund_source"]) == {"state_enterprise_own"}
