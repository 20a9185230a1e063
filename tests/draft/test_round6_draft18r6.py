"""Round 6 (draft18r6): a count of which every one has left its status (全部脱贫, 全部摘帽, 全部退出,
全部清零) is a total up to the year reported on, not a level of one year."""

from povlib.draft.suggest import Context, Learner, suggest


def _fields(text: str, raw: str, year: int = 2020) -> dict:
    fields, _ = suggest(Context(text, year, [], ""), Learner([], {}, {}), raw, text.index(raw))
    return fields


def test_every_one_of_a_group_exited_is_a_total():
    # 全部 after the number, then the change of state, in the number's own clause
    for text, raw in (("岚川省31个贫困县全部实现脱贫摘帽。", "31个"),
                      ("全州88个贫困县全部清零,11501个贫困村全部退出。", "88个"),
                      ("全州88个贫困县全部清零,11501个贫困村全部退出。", "11501个"),
                      ("625万贫困人口全部脱贫。", "625万")):
        fields = _fields(text, raw)
        assert fields["measure"] == "cumulative", (text, raw)
        # a total with no time word: no start, up to the document year
        assert (fields["period_start"], fields["period_end"]) == ("", "2020"), (text, raw)


def test_every_one_written_before_the_number():
    # 全部 before the number, the change of state after it (陕西全部56个贫困县实现“摘帽”)
    fields = _fields("岚川全部56个贫困县(区)实现“摘帽”。", "56个")
    assert fields["measure"] == "cumulative"


def test_not_a_total_without_every_one_or_with_a_year_or_a_rate():
    # a part of the group (12个贫困县退出), a dated exit (2019年…全部退出) and a rate stay as before
    assert _fields("岚川省12个贫困县脱贫摘帽。", "12个")["measure"] == "actual"
    dated = _fields("2019年,岚川省31个贫困县全部脱贫摘帽。", "31个")
    assert dated["measure"] == "actual" and (dated["period_start"], dated["period_end"]) == ("2019", "2019")
    assert _fields("岚川省贫困发生率降至0.5%,贫困县全部摘帽。", "0.5%")["measure"] == "actual"
    # 全部 that is not followed by a change of state (全部为低风险地区) is no exit
    assert _fields("全国832个贫困县全部为低风险地区。", "832个")["measure"] == "actual"


# benchmarks/period_loo.py: changes judged by leave-one-document-out
import importlib.util  # noqa: E402
from pathlib import Path  # noqa: E402

_SPEC = importlib.util.spec_from_file_location(
    "period_loo_draft18r6", Path(__file__).resolve().parents[2] / "benchmarks" / "period_loo.py")
period_loo = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(period_loo)


def test_a_change_found_on_one_document_counts_nothing_without_it():
    # a gains 3 and the others nothing: judged without a, the change is not taken, so a counts 0
    assert period_loo.loo_net({"a": 3, "b": 0, "c": 0}) == {"a": 0, "b": 0, "c": 0}
    # two documents gaining carry each other; a third that loses counts its loss
    assert period_loo.loo_net({"a": 2, "b": 2, "c": -1}) == {"a": 2, "b": 2, "c": -1}
    # c's loss outweighs what a gains, so without b the change is not taken for b
    assert period_loo.loo_net({"a": 1, "b": 2, "c": -2}) == {"a": 0, "b": 0, "c": -2}


def _record(doc, gold, draft, basis=period_loo.NO_CUE + ": no period", measure="actual", year=2020):
    return {"set": "dev", "doc": doc, "year": year, "raw": "1个", "gold": list(gold), "gold_measure": measure,
            "draft": list(draft), "measure": measure, "basis": basis}


def test_clause_kind_reads_the_draft_basis():
    assert period_loo.clause_kind(_record("a", ("", ""), ("", ""))) == "no cue, actual"
    cumulative = "no year expression; a cumulative figure, up to the document year 2020"
    assert period_loo.clause_kind(_record("a", ("", "2020"), ("", "2020"), cumulative)) == "cumulative"
    assert period_loo.clause_kind(_record("a", ("2019", "2019"), ("2019", "2019"), "rule: year expression")) is None


def test_prior_table_keeps_a_default_the_other_documents_do_not_beat():
    blank, year = ("", ""), ("2020", "2020")
    recs = ([_record("a", year, blank)] * 3 + [_record("b", blank, blank)] * 2
            + [_record("c", year, blank)] * 2)
    [(kind, n, right, nets)] = period_loo.prior_table(recs)
    assert (kind, n, right["blank"], right["document year"]) == ("no cue, actual", 7, 2, 5)
    # without a: c's 2 dated against b's 2 blank is a tie, the draft's blank is kept; without b or c,
    # the document year wins: b loses 2, c gains 2
    assert nets == {"a": 0, "b": -2, "c": 2}
    # a kind seen on one document only: no other document judges it, so nothing changes
    [(_, _, _, nets)] = period_loo.prior_table([_record("a", year, blank)] * 2)
    assert nets == {"a": 0}


def test_gains_per_document_and_field():
    old = [_record("a", ("2020", "2020"), ("", "")), _record("b", ("", ""), ("", ""))]
    new = [_record("a", ("2020", "2020"), ("2020", "2020")), _record("b", ("", ""), ("2020", "2020"))]
    assert period_loo.gains(old, new, "period") == {"a": 1, "b": -1}
    assert period_loo.gains(old, new, "measure") == {"a": 0, "b": 0}
