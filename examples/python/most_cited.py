#!/usr/bin/env python3
"""A folder of articles -> pandas DataFrames -> the ten most-cited documents.

usage: python examples/python/most_cited.py ARTICLES_DIR [N]

Needs the package with its pandas extra (from the top of a clone):
    pip install './python[pandas]'

Written as notebook cells: each step is a few lines to paste into Jupyter.
"""
import sys
from pathlib import Path

import vnanalyze

# %% 1. Every .txt file of the folder, in the order `analyze DIR` walks it.
folder = Path(sys.argv[1] if len(sys.argv) > 1 else "articles")
top = int(sys.argv[2]) if len(sys.argv) > 2 else 10
paths = sorted(p for p in folder.rglob("*.txt") if not p.name.startswith("."))

# %% 2. Analyse them on all cores; a bad file is an error record, not an exception.
records = vnanalyze.analyze_many(paths)

# %% 3. One DataFrame per list: articles, dates, figures, doc_refs, entities.
f = vnanalyze.frames(records)
articles, refs = f["articles"], f["doc_refs"]
failed = articles[articles["error"].notna()]
print(f"{len(articles)} articles, {len(failed)} failed, {len(refs)} document references")

# %% 4. The most-cited documents: in how many articles each one is cited
# (`key` is a document's identity within an article: "Quy định số 144"
# after "Quy định số 144-QĐ/TW" has key "144-QĐ/TW"), with its type, the
# issuer and signing date its mentions give, and all mentions counted.
cited = (
    refs.groupby("key")
    .agg(
        articles=("article", "nunique"),
        mentions=("text", "size"),
        type=("type", "first"),
        issuer=("issuer", lambda s: s.dropna().iloc[0] if s.notna().any() else None),
        date=("date", lambda s: s.dropna().iloc[0] if s.notna().any() else None),
    )
    .sort_values(["articles", "mentions"], ascending=False)
    .head(top)
)
print(cited.reset_index().to_string(index=False))

# %% 5. Where the top document is cited: article titles and the mention's text.
if len(cited):
    key = cited.index[0]
    where = refs[refs["key"] == key].merge(articles[["article", "title"]], on="article")
    print(where[["title", "text", "start", "end"]].drop_duplicates("title").head().to_string(index=False))
