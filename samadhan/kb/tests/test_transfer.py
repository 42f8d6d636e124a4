from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from samadhan.kb.models import Article, ArticleTranslation, ArticleVersion, Category
from samadhan.kb.transfer import kb_export, kb_import
from samadhan.testing.factories import make_workspace
from samadhan.workspaces.models import Workspace

pytestmark = pytest.mark.django_db

EVAL_SET = Path(settings.BASE_DIR) / "benchmarks" / "kb_eval" / "articles"


def files(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.glob("*/*.md"))}


@pytest.fixture
def workspace() -> Workspace:
    return make_workspace()


def test_the_evaluation_set_round_trips_byte_for_byte(workspace: Workspace, tmp_path: Path) -> None:
    report = kb_import(workspace=workspace, directory=EVAL_SET)
    assert report.problems == []
    assert dict(report.counts) == {"created": 210}
    assert Article.objects.filter(workspace=workspace).count() == 42
    assert ArticleTranslation.objects.filter(workspace=workspace, status="published").count() == 210
    assert Category.objects.filter(workspace=workspace).count() == 10
    assert set(
        Article.objects.filter(workspace=workspace).values_list("source_language", flat=True)
    ) == {"en"}
    assert ArticleTranslation.objects.filter(workspace=workspace, outdated=True).count() == 0

    assert kb_export(workspace=workspace, directory=tmp_path) == 210
    original = files(EVAL_SET)
    assert len(original) == 210
    assert files(tmp_path) == original

    # Again: nothing changes, no version is written.
    versions = ArticleVersion.objects.filter(workspace=workspace).count()
    again = kb_import(workspace=workspace, directory=tmp_path)
    assert (dict(again.counts), again.problems) == ({"unchanged": 210}, [])
    assert ArticleVersion.objects.filter(workspace=workspace).count() == versions == 210


def test_a_changed_file_updates_and_outdates(workspace: Workspace, tmp_path: Path) -> None:
    for key in ("cancel-order", "business-hours"):
        for language in ("en", "hi"):
            target = tmp_path / key / f"{language}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((EVAL_SET / key / f"{language}.md").read_bytes())
    kb_import(workspace=workspace, directory=tmp_path)
    en = tmp_path / "cancel-order" / "en.md"
    en.write_text(en.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    report = kb_import(workspace=workspace, directory=tmp_path)
    assert (dict(report.counts), report.problems) == ({"updated": 1, "unchanged": 3}, [])
    # The Hindi file did not change with it: Hindi now lags behind English.
    assert dict(
        ArticleTranslation.objects.filter(article__key="cancel-order").values_list(
            "language", "outdated"
        )
    ) == {"en": False, "hi": True}
    assert ArticleTranslation.objects.get(article__key="cancel-order", language="en").version == 2


def test_bad_files_are_reported_by_name_and_reason(workspace: Workspace, tmp_path: Path) -> None:
    good = tmp_path / "cancel-order" / "en.md"
    good.parent.mkdir()
    good.write_bytes((EVAL_SET / "cancel-order" / "en.md").read_bytes())

    def front(article: str, language: str = "en", status: str = "draft", title: str = "T") -> str:
        return (
            f"---\narticle: {article}\nlanguage: {language}\ntitle: {title}\n"
            f"category: c\nstatus: {status}\n---\n"
        )

    bad = {
        "no-front/en.md": "Just text\n",
        "unclosed/en.md": "---\narticle: unclosed\n",
        "wrong-folder/en.md": front("other"),
        "wrong-lang/hi.md": front("wrong-lang"),
        "no-title/en.md": "---\narticle: no-title\nlanguage: en\ncategory: c\nstatus: draft\n---\n",
        "bad-status/en.md": front("bad-status", status="live"),
        "unknown-lang/xx.md": front("unknown-lang", language="xx"),
    }
    for name, text in bad.items():
        (tmp_path / name).parent.mkdir()
        (tmp_path / name).write_text(text, "utf-8")
    (tmp_path / "latin1").mkdir()
    (tmp_path / "latin1" / "en.md").write_bytes("---\ntitle: caf\xe9\n".encode("latin-1"))
    report = kb_import(workspace=workspace, directory=tmp_path)
    assert dict(report.counts) == {"created": 1}
    assert report.problems == [
        ("bad-status/en.md", "unknown status 'live'"),
        ("latin1/en.md", "the file is not UTF-8"),
        ("no-front/en.md", "the file does not start with '---' front matter"),
        ("no-title/en.md", "missing title"),
        ("unclosed/en.md", "the front matter has no closing '---'"),
        ("unknown-lang/xx.md", "unknown language 'xx'"),
        ("wrong-folder/en.md", "article 'other' differs from its folder 'wrong-folder'"),
        ("wrong-lang/hi.md", "language 'en' differs from the file name 'hi.md'"),
    ]


def test_commands(workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in"
    (source / "cancel-order").mkdir(parents=True)
    (source / "cancel-order" / "lv.md").write_bytes(
        (EVAL_SET / "cancel-order" / "lv.md").read_bytes()
    )
    call_command("kb_import", "--workspace", workspace.slug, str(source))
    assert capsys.readouterr().out == "1 created, 0 updated, 0 unchanged, 0 with problems\n"
    call_command("kb_export", "--workspace", workspace.slug, str(tmp_path / "out"))
    assert capsys.readouterr().out == f"1 files written to {tmp_path / 'out'}\n"
    assert files(tmp_path / "out") == files(source)
    (source / "broken").mkdir()
    (source / "broken" / "en.md").write_text("nothing", "utf-8")
    with pytest.raises(CommandError, match="some files were not imported"):
        call_command("kb_import", "--workspace", workspace.slug, str(source))
    assert (
        capsys.readouterr().err == "broken/en.md: the file does not start with '---' front matter\n"
    )
    with pytest.raises(CommandError, match="no workspace 'nope'"):
        call_command("kb_export", "--workspace", "nope", str(tmp_path))


def test_a_file_the_service_refuses_does_not_undo_its_category(
    workspace: Workspace, tmp_path: Path
) -> None:
    (tmp_path / "a-long").mkdir()
    (tmp_path / "a-long" / "en.md").write_text(
        "---\narticle: a-long\nlanguage: en\ntitle: "
        + "T" * 301
        + "\ncategory: fresh\nstatus: draft\n---\nBody\n",
        "utf-8",
    )
    (tmp_path / "b-fine").mkdir()
    (tmp_path / "b-fine" / "en.md").write_text(
        "---\narticle: b-fine\nlanguage: en\ntitle: Fine\ncategory: fresh\nstatus: draft\n---\n",
        "utf-8",
    )
    report = kb_import(workspace=workspace, directory=tmp_path)
    assert report.problems == [("a-long/en.md", "Give a title of 1 to 300 characters.")]
    assert dict(report.counts) == {"created": 1}
    fine = Article.objects.get(workspace=workspace, key="b-fine")
    assert fine.section is not None
    assert fine.section.category.key == "fresh"
