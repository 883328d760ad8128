#!/usr/bin/env python3
"""Derives admin_units.tsv from the shared gazetteer of Vietnam's
administrative units (see SOURCE.md).

usage: build_admin_units.py /path/to/vn-admin-units > admin_units.tsv

One row per distinct (name, unit_type, level), with the lists it appears in:
`pre` (units-pre-2025.tsv, in force until 30 June 2025), `2023`
(units-2023-04.tsv, as of 10 April 2023) and `2025` (units-2025.tsv, from
1 July 2025). Alternative spellings (alt_names) become rows of their own.
Bare numbers ("phường 5") are left out: they are not names.
"""
import csv, os, sys, unicodedata

ERAS = [("units-2023-04.tsv", "2023"), ("units-pre-2025.tsv", "pre"), ("units-2025.tsv", "2025")]
LEVEL = {"province": "province", "district": "district", "commune": "commune"}

def main(src):
    rows = {}
    for fname, era in ERAS:
        with open(os.path.join(src, fname), encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                names = [r["name"]] + [a for a in (r.get("alt_names") or "").split("|") if a]
                for n in names:
                    n = unicodedata.normalize("NFC", n.strip())
                    if not n or n.replace(" ", "").isdigit():
                        continue
                    key = (n, r["unit_type"], r["level"])
                    rows.setdefault(key, set()).add(era)
    print("# name\tunit_type\tlevel\tlists (2023 = 2023-04 list, pre = until 30/6/2025, 2025 = from 1/7/2025)")
    for (n, t, l), eras in sorted(rows.items()):
        order = [e for _, e in ERAS if e in eras]
        print(f"{n}\t{t}\t{l}\t{','.join(order)}")

if __name__ == "__main__":
    main(sys.argv[1])
