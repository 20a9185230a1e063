"""The report configuration: safe names, parameters checked against the notebook, clear YAML errors."""

import pytest
import yaml

from conftest import ROOT
from povlib.build.config import Report, check_parameters, load_config, notebook_parameters, yaml_problem
from povlib.exceptions import DataError, PovlibError

PROFILE = ROOT / "notebooks" / "region_profile.ipynb"


def _write(tmp_path, text: str):
    path = tmp_path / "reports.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["../../victim", "../evil", "a/b", ".hidden", "with space", "", 5])
def test_unsafe_report_names_are_refused_naming_the_row(tmp_path, name):
    cfg = _write(tmp_path, yaml.safe_dump({"reports": [
        {"name": "ok", "notebook": str(PROFILE)}, {"name": name, "notebook": str(PROFILE)}]}))
    with pytest.raises(DataError, match=r"report 2: report name .* is not a safe file name"):
        load_config(cfg)


@pytest.mark.parametrize("text, problem", [
    ("reports: 5\n", "has no list under `reports:`"),
    ("- a\n- b\n", "has no list under `reports:`"),
    (f"reports:\n  - {{name: a, notebook: {PROFILE}, parameters: [1, 2]}}\n", "parameters of 'a' are a list"),
    (f"reports:\n  - {{name: a, notebook: {PROFILE}, params: {{}}}}\n", "unknown key(s) ['params']"),
])
def test_malformed_configurations_name_the_problem(tmp_path, text, problem):
    with pytest.raises(DataError) as info:
        load_config(_write(tmp_path, text))
    assert problem in str(info.value)


@pytest.mark.parametrize("text, fix", [
    ("reports:\n\t- {name: a}\n", "indent with spaces, not tabs"),
    ("reports:\n  - name: a\n   notebook: b\n", "check the indentation"),
    ("reports:\n  - name: a: b\n", "quote the value"),
    ('reports:\n  - name: "a\n', "close the quote"),
])
def test_yaml_syntax_errors_get_the_fix_that_matches(tmp_path, text, fix):
    with pytest.raises(DataError) as info:
        load_config(_write(tmp_path, text))
    message = str(info.value)
    assert fix in message and "line " in message
    if "quote" not in fix:
        assert "quote the value" not in message


def test_yaml_problem_of_a_tab_does_not_blame_quotes():
    with pytest.raises(yaml.YAMLError) as info:
        yaml.safe_load("a:\n\tb: 1\n")
    problem, fix = yaml_problem(info.value)
    assert "tab" in problem.lower() or "\\t" in problem
    assert fix == "indent with spaces, not tabs"


def test_notebook_parameters_come_from_the_parameters_cell():
    assert notebook_parameters(PROFILE) == ("region",)
    assert notebook_parameters(ROOT / "notebooks" / "funding.ipynb") == ("regions",)


def test_a_misspelt_parameter_names_report_parameter_and_valid_names():
    with pytest.raises(PovlibError) as info:
        check_parameters(Report("profile-ganzi", PROFILE, {"regoin": "ganzi"}))
    message = str(info.value)
    assert "'profile-ganzi'" in message and "'regoin'" in message and "valid: region" in message
    check_parameters(Report("profile-ganzi", PROFILE, {"region": "ganzi"}))  # the right name passes


def test_a_key_written_twice_is_refused_not_silently_overwritten(tmp_path):
    cfg = _write(tmp_path, f"reports:\n  - {{name: a, notebook: {PROFILE}, parameters: {{region: tongren, region: aba}}}}\n")
    with pytest.raises(DataError, match="duplicate key 'region'.*write each key once"):
        load_config(cfg)


@pytest.mark.parametrize("content, problem", [(None, "is a folder, not a notebook file"),
                                              ("{not json", "is not a valid notebook")])
def test_a_notebook_that_is_a_folder_or_not_json_is_named(tmp_path, content, problem):
    target = tmp_path / "nb.ipynb"
    if content is None:
        target.mkdir()
    else:
        target.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=problem):
        load_config(_write(tmp_path, f"reports:\n  - {{name: a, notebook: {target}}}\n"))


def test_an_unclosed_quote_points_at_the_quote(tmp_path):
    with pytest.raises(DataError) as info:
        load_config(_write(tmp_path, 'reports:\n  - name: "a\n    notebook: b\n  - name: c\n'))
    assert "line 2" in str(info.value) and "close the quote" in str(info.value)


def test_title_and_description_are_optional_one_line_texts(tmp_path):
    cfg = _write(tmp_path, yaml.safe_dump({"reports": [
        {"name": "a", "notebook": str(PROFILE), "title": " Tongren profile ", "description": "All of it."},
        {"name": "b", "notebook": str(PROFILE)}]}))
    a, b = load_config(cfg)
    assert (a.heading, a.title, a.description) == ("Tongren profile", "Tongren profile", "All of it.")
    assert (b.heading, b.title, b.description) == ("b", "", "")


@pytest.mark.parametrize("key, value", [("title", 5), ("title", ""), ("description", "two\nlines"),
                                        ("description", ["x"])])
def test_bad_title_or_description_names_the_report(tmp_path, key, value):
    cfg = _write(tmp_path, yaml.safe_dump({"reports": [{"name": "a", "notebook": str(PROFILE), key: value}]}))
    with pytest.raises(DataError, match=rf"report 1: {key} of 'a' is not one line of text"):
        load_config(cfg)


def test_every_configured_report_has_a_title_and_description():
    for report in load_config(ROOT / "reports.yaml"):
        assert report.title and report.description, report.name
