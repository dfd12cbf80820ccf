"""Readers for the formats users download: PDF, Word (.docx) and web pages (.html).

Each reader turns a file's bytes into the plain text the later stages read, in one
convention, so that a document gives the same items whatever format it came in:

- one paragraph per line; a heading on a line of its own; lines that a page or a column
  broke are joined, with no space between Chinese characters;
- a table as a Markdown pipe table (a header row, a `| --- |` separator, one line per row,
  a cell's own line breaks joined), with its title (专栏2:…) on the line above when the
  document gives one, and a blank line before and after; a table continued on the next
  page is one table (a repeated header row dropped);
- page furniture (running headers and footers, page numbers) dropped;
- Kangxi radicals and compatibility ideographs (⼯, ⽇) as the ordinary characters.

That text is the coordinate system of every evidence offset: the CLI writes it beside
the briefing, with its sha256, so that quotes can be checked against a file on disk.
"""
