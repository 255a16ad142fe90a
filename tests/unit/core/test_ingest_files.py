from pathlib import Path

from triage.services.ingest_files import read_items

MAIL = b"From: a@example.org\r\nSubject: hi\r\n\r\nbody\r\n"


def test_reads_eml_mbox_json_and_folders(tmp_path: Path) -> None:
    (tmp_path / "one.eml").write_bytes(MAIL)
    (tmp_path / "box.mbox").write_bytes(b"From a@example.org Mon Jan  1 00:00:00 2026\n" + MAIL.replace(b"\r\n", b"\n")
                                        + b"\nFrom b@example.org Mon Jan  1 00:00:00 2026\nSubject: two\n\nsecond\n")
    (tmp_path / "form.json").write_text('{"sender_name": "A"}')
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / ".hidden").write_text("ignored")
    items = list(read_items([tmp_path]))
    kinds = sorted((Path(i.source.split("#")[0]).name, i.kind, i.problem is None) for i in items)
    assert kinds == [("bad.json", "form", False), ("box.mbox", "email", True), ("box.mbox", "email", True),
                     ("form.json", "form", True), ("one.eml", "email", True)]
    assert any(b"second" in i.raw for i in items)


def test_empty_mbox_has_no_messages(tmp_path: Path) -> None:
    (tmp_path / "empty.mbox").write_bytes(b"")
    assert list(read_items([tmp_path / "empty.mbox"])) == []
