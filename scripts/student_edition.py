#!/usr/bin/env python3
"""mdBook preprocessor for the student edition (scripts/build-book.sh student).

The book's source is the instructor edition. This preprocessor, which only
scripts/build-book.sh registers (book.toml does not, so a plain `mdbook build` needs no
Python), turns it into the student edition:

- it drops every page whose title in SUMMARY.md ends in "(instructor)";
- it removes every block from a line `<!-- instructor -->` to a line `<!-- /instructor -->`
  (solutions, speaker notes, answer keys), markers included (outside code blocks);
- a link to a dropped page becomes its plain text, so no page links to a page that is not
  there;
- the remaining chapters are numbered again, without gaps.

It runs after mdBook's `links` preprocessor, so blocks in included files go too, and before
KaTeX and the quizzes, which then never see the removed text. Markers that do not pair up
stop the build (tests/suite/teaching.rs checks the sources the same way).
"""

import json
import posixpath
import re
import sys

OPEN = "<!-- instructor -->"
CLOSE = "<!-- /instructor -->"
INSTRUCTOR_TITLE = re.compile(r"\(instructor\)\s*$")
# [text](target) where target is a relative .md page, maybe with a #fragment.
MD_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^()\s]+?\.md)(#[^()\s]*)?\)")
HTML_LINK = re.compile(r"""<a\s[^>]*href=["']([^"'#]+?\.(?:md|html))(#[^"']*)?["'][^>]*>(.*?)</a>""", re.S)


def fail(message):
    print(f"student edition: {message}", file=sys.stderr)
    sys.exit(1)


def strip_blocks(text, where):
    """The text without its instructor blocks."""
    out = []
    inside = fence = False
    for number, line in enumerate(text.split("\n"), 1):
        # A marker shown in a code block is text, not a marker.
        if line.lstrip().startswith("```"):
            fence = not fence
        marker = None if fence else line.strip()
        if marker == OPEN:
            if inside:
                fail(f"{where}:{number}: an instructor block opens inside another")
            inside = True
        elif marker == CLOSE:
            if not inside:
                fail(f"{where}:{number}: an instructor block closes without opening")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        fail(f"{where}: an instructor block is never closed")
    return "\n".join(out)


def chapters(items):
    for item in items:
        if isinstance(item, dict) and "Chapter" in item:
            yield item["Chapter"]
            yield from chapters(item["Chapter"]["sub_items"])


def prune(items, dropped):
    """Items without instructor pages (a dropped page takes its sub-pages with it)."""
    kept = []
    for item in items:
        if isinstance(item, dict) and "Chapter" in item:
            chapter = item["Chapter"]
            if INSTRUCTOR_TITLE.search(chapter["name"]):
                dropped.update(c["path"] for c in chapters([item]) if c.get("path"))
                continue
            chapter["sub_items"] = prune(chapter["sub_items"], dropped)
        kept.append(item)
    return kept


def renumber(items, prefix):
    k = 0
    for item in items:
        if isinstance(item, dict) and "Chapter" in item:
            chapter = item["Chapter"]
            if chapter.get("number") is not None:
                k += 1
                chapter["number"] = prefix + [k]
                renumber(chapter["sub_items"], chapter["number"])


def unlink(text, page, dropped):
    """Links from `page` to a dropped page, replaced by their text."""
    here = posixpath.dirname(page)

    def target(path):
        return posixpath.normpath(posixpath.join(here, path))

    def md(m):
        return m.group(1) if target(m.group(2)) in dropped else m.group(0)

    def html(m):
        path = re.sub(r"\.html$", ".md", m.group(1))
        return m.group(3) if target(path) in dropped else m.group(0)

    return HTML_LINK.sub(html, MD_LINK.sub(md, text))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "supports":
        sys.exit(0)  # every renderer
    context, book = json.load(sys.stdin)
    dropped = set()
    book["items"] = prune(book["items"], dropped)
    renumber(book["items"], [])
    for chapter in chapters(book["items"]):
        where = chapter.get("source_path") or chapter.get("path") or chapter["name"]
        text = strip_blocks(chapter["content"], where)
        chapter["content"] = unlink(text, chapter.get("path") or "", dropped)
    json.dump(book, sys.stdout)


if __name__ == "__main__":
    main()
