"""Bad inputs a second reliability tester found after the first round of fixes: each ends with a
clear one-line error (or the right exit status), never a silent wrong result."""

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from povlib.build.config import load_config
from povlib.catalog.tables import date_problem
from povlib.exceptions import DataError, DraftError


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_closed_pipe_ends_csv_and_json_like_a_unix_tool(fmt, unbuffered):
    """`povlib facts --format csv | head -c 10`: 141 and no message, buffered or not (unbuffered,
    a large write used to be cut silently and the command exited 0)."""
    import os
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    proc = subprocess.run(["bash", "-o", "pipefail", "-c",
                           f"{sys.executable} -m povlib facts --format {fmt} | head -c 10 > /dev/null"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 141 and proc.stderr == ""


def test_a_full_disk_fails_the_facts_command_instead_of_cutting_the_file():
    proc = subprocess.run([sys.executable, "-m", "povlib", "facts", "--format", "csv"], cwd=ROOT,
                          stdout=open("/dev/full", "w"), stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.returncode == 2 and "No space left" in proc.stderr


@pytest.mark.parametrize("text", ["0000", "0000-01", "2109", "1899-12-31"])
def test_a_year_outside_the_documents_range_is_no_date(text):
    assert "outside 1900-2100" in date_problem(text)


def test_a_full_width_digit_in_a_fact_id_or_a_period_is_refused(mini):
    from povlib.catalog import loader as catalog
    mini.edit_fact("mini-2019-001", fact_id="mini-2019-０01")
    mini.edit_fact("mini-2019-002", period_start="２016")
    errors = [str(e) for e in catalog.load(mini.layout, collect_errors=True).errors]
    assert any("does not follow <source_id>-NNN" in e for e in errors)
    assert any("period_start '２016' is not a date" in e for e in errors)


def test_a_report_name_too_long_is_told_it_is_too_long(tmp_path):
    cfg = tmp_path / "r.yaml"
    cfg.write_text(f"reports:\n  - name: {'r' * 120}\n    notebook: notebooks/funding.ipynb\n", encoding="utf-8")
    with pytest.raises(DataError, match="120 characters long.*at most 80"):
        load_config(cfg)


def test_a_seed_that_is_no_regular_file_is_named_as_such(tmp_path):
    from povlib.draft.files import read_seed
    with pytest.raises(DraftError, match="not a regular file"):
        read_seed(Path("/dev/zero"))


def test_a_source_id_too_long_is_told_its_length():
    from povlib.draft.pipeline import check_source_id
    with pytest.raises(DraftError, match="characters long"):
        check_source_id("a" * 250 + "-2021")


def _load(mini):
    from povlib.catalog import loader as catalog
    return catalog.load(mini.layout, collect_errors=True)


def test_a_key_with_a_space_around_it_is_named_on_its_own_line(mini):
    path = mini.layout.data / "regions" / "common.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",", " ,", 1)   # the first region's key gets a trailing space
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"common.csv, line 2: key 'china ' has white space around it"):
        _load(mini)


def test_a_control_character_in_a_table_is_refused(mini):
    path = mini.layout.data / "indicators" / "common.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Registered poor people.", "Registered\x00 poor."),
                    encoding="utf-8")
    with pytest.raises(DataError, match=r"line 2: column definition holds a control character"):
        _load(mini)


def test_facts_of_a_draft_source_say_it_is_a_draft(with_draft, capsys):
    from povlib.cli import main
    assert main(["facts", "--source", "lake-2019"]) == 2
    assert "still a draft" in capsys.readouterr().err


@pytest.mark.parametrize("text, line", [
    ('facts:\n  - fact_id: a\n    period_end "2018-06"\n    note: x\n', 3),   # the ':' left out
    ("facts:\n  - fact_id: a\n    region: b\n    period_en", 4),             # the file cut off mid-key
])
def test_a_key_without_its_colon_is_named_on_its_own_line(text, line):
    import yaml
    from povlib.catalog.tables import yaml_problem
    with pytest.raises(yaml.YAMLError) as info:
        yaml.safe_load(text)
    problem, fix = yaml_problem(info.value)
    assert f"line {line}," in problem and "has no ':' after it" in fix and "indentation" not in fix
