#!/usr/bin/env python3
"""Deterministic synthetic sites for the benchmark.

  python3 benches/gen_site.py --flavour pages  --pages 10000 --out /tmp/bench/pages-10000
  python3 benches/gen_site.py --flavour report --pages 10000 --out /tmp/bench/report-10000

"pages": N Markdown pages of about 1,000 words of mixed Thai and English, each with headings, a
list, a table and links to other pages, in sections of 100; written three times from the same
text: OUT/prongsai (site.yaml + content/), OUT/hugo (hugo.toml + content/ + minimal layouts),
OUT/zola (config.toml + content/ + minimal templates).

"report": N activities for prongsai only, in plans of 10 projects x 10 activities, with budgets,
indicators and per-round status, date and spending that satisfy every rule of the contract.
"""
import argparse
import os
import random

THAI = ("การ ดำเนินงาน โครงการ กิจกรรม งบประมาณ สำนักงาน เขตพื้นที่ การศึกษา คุณธรรม จริยธรรม "
        "ธรรมาภิบาล ความโปร่งใส ป้องกัน การทุจริต บุคลากร ผู้บริหาร นโยบาย มาตรฐาน ตัวชี้วัด เป้าหมาย "
        "ผลผลิต ผลลัพธ์ รายงาน ติดตาม ประเมิน ประชุม แต่งตั้ง คณะกรรมการ เผยแพร่ ข้อมูล สาธารณะ "
        "ประชาชน ชุมชน โรงเรียน นักเรียน ครู ผู้ปกครอง ยุทธศาสตร์ ชาติ แผน ปฏิบัติ ราชการ").split()
ENGLISH = ("integrity transparency assessment open data report budget plan project activity "
           "indicator target output outcome office school review meeting committee policy").split()


def words(rng, n):
    out = []
    for _ in range(n):
        out.append(rng.choice(ENGLISH) if rng.random() < 0.2 else rng.choice(THAI))
    return " ".join(out)


def page_body(rng, n_pages, n_sections, per_section):
    """About 1,000 words: 4 sections of text, a list, a table, links."""
    parts = []
    for h in range(4):
        parts.append(f"## {words(rng, 4)} {h + 1}\n")
        for _ in range(2):
            parts.append(words(rng, 105) + "\n")
    parts.append("- " + "\n- ".join(words(rng, 8) for _ in range(5)) + "\n")
    rows = ["| ลำดับ | รายการ | จำนวน |", "|---|---|---:|"]
    for r in range(5):
        rows.append(f"| {r + 1} | {words(rng, 4)} | {rng.randint(1, 99999)} |")
    parts.append("\n".join(rows) + "\n")
    links = []
    for _ in range(3):
        s = rng.randrange(n_sections)
        p = s * per_section + rng.randrange(per_section)
        p %= n_pages  # the last section may be partial: never link past the last page
        s = p // per_section
        links.append(f"[{words(rng, 3)}](/section-{s:03d}/page-{p:05d}/)")
    parts.append("ดูเพิ่มเติม: " + ", ".join(links) + "\n")
    return "\n".join(parts)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


HUGO_LAYOUTS = {
    "_default/baseof.html": '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
    '<link rel="stylesheet" href="/style.css"></head><body><header><a href="/">{{ .Site.Title }}</a></header>'
    '<main>{{ block "main" . }}{{ end }}</main></body></html>\n',
    "_default/single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>'
    "{{ .Content }}</article>{{ end }}\n",
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}'
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
}

ZOLA_TEMPLATES = {
    "base.html": '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>{% block title %}{{ config.title }}'
    '{% endblock %}</title><link rel="stylesheet" href="/style.css"></head><body><header><a href="/">{{ config.title }}'
    "</a></header><main>{% block content %}{% endblock %}</main></body></html>\n",
    "index.html": '{% extends "base.html" %}{% block content %}<h1>{{ config.title }}</h1>{% endblock %}\n',
    "page.html": '{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock %}{% block content %}<article>'
    "<h1>{{ page.title }}</h1><p>{{ page.date }}</p>{{ page.content | safe }}</article>{% endblock %}\n",
    "section.html": '{% extends "base.html" %}{% block content %}<h1>{{ section.title }}</h1>{{ section.content | safe }}'
    '<ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>'
    "{% endblock %}\n",
}


def gen_pages(out, n, seed):
    rng = random.Random(seed)
    per = 100
    n_sections = max(1, (n + per - 1) // per)
    write(f"{out}/prongsai/site.yaml", "title: สำนักงานทดสอบความเร็ว\nbase_url: https://example.go.th/\n")
    write(f"{out}/hugo/hugo.toml", 'baseURL = "https://example.go.th/"\ntitle = "สำนักงานทดสอบความเร็ว"\n'
          'languageCode = "th"\ndisableKinds = ["taxonomy", "term", "RSS"]\n')
    write(f"{out}/zola/config.toml", 'base_url = "https://example.go.th/"\ntitle = "สำนักงานทดสอบความเร็ว"\n'
          'compile_sass = false\nbuild_search_index = false\n[markdown]\n')
    for name, text in HUGO_LAYOUTS.items():
        write(f"{out}/hugo/layouts/{name}", text)
    for name, text in ZOLA_TEMPLATES.items():
        write(f"{out}/zola/templates/{name}", text)
    write(f"{out}/zola/content/_index.md", "+++\ntitle = \"หน้าแรก\"\n+++\n")
    for s in range(n_sections):
        title = f"หมวด {s + 1} {words(rng, 2)}"
        write(f"{out}/prongsai/content/section-{s:03d}/_index.md", f"---\ntitle: \"{title}\"\n---\n")
        write(f"{out}/hugo/content/section-{s:03d}/_index.md", f"---\ntitle: \"{title}\"\n---\n")
        write(f"{out}/zola/content/section-{s:03d}/_index.md", f"+++\ntitle = \"{title}\"\n+++\n")
    for i in range(n):
        s = i // per
        title = f"{words(rng, 5)} {i}"
        year, month, day = 2024, rng.randint(1, 12), rng.randint(1, 28)
        body = page_body(rng, n, n_sections, per)
        rel = f"section-{s:03d}/page-{i:05d}.md"
        write(f"{out}/prongsai/content/{rel}",
              f"---\ntitle: \"{title}\"\ndate: {year + 543}-{month:02d}-{day:02d}\n---\n{body}")
        write(f"{out}/hugo/content/{rel}", f"---\ntitle: \"{title}\"\ndate: {year}-{month:02d}-{day:02d}\n---\n{body}")
        write(f"{out}/zola/content/{rel}", f"+++\ntitle = \"{title}\"\ndate = {year}-{month:02d}-{day:02d}\n+++\n{body}")


def gen_report(out, n, seed):
    rng = random.Random(seed)
    root = f"{out}/prongsai"
    write(f"{root}/site.yaml", "title: สำนักงานทดสอบรายงาน\nbase_url: https://example.go.th/\n")
    per_plan = 100
    rounds = [("6m", (2566, 10, 1), (2567, 3, 31)), ("9m", (2567, 4, 1), (2567, 6, 30)), ("12m", (2567, 7, 1), (2567, 9, 30))]
    made = 0
    plan = 0
    while made < n:
        pdir = f"{root}/content/2567/plan-{plan:03d}"
        write(f"{pdir}/_index.md", f"---\ntype: plan\ntitle: แผนปฏิบัติการที่ {plan + 1}\n---\n{words(rng, 60)}\n")
        for j in range(10):
            if made >= n:
                break
            approved = 100000 + rng.randrange(0, 100) * 1000
            jdir = f"{pdir}/project-{j:02d}"
            results = ", ".join(f"{r}: {rng.randint(60, 100)}" for r, _, _ in rounds)
            write(f"{jdir}/_index.md", f"""---
type: project
title: โครงการ{words(rng, 5)} {plan}-{j}
order: {j + 1}
responsible: [{{name: ผู้รับผิดชอบ {j}, position: นักวิชาการ, unit: กลุ่มนโยบายและแผน}}]
objectives: [{words(rng, 12)}, {words(rng, 10)}]
targets: {{quantitative: [{words(rng, 6)}], qualitative: [{words(rng, 8)}]}}
indicators:
  - {{name: {words(rng, 8)}, target: 80, unit: ร้อยละ, results: {{{results}}}}}
budget: {{approved: {approved}}}
---
{words(rng, 80)}
""")
            share = approved // 10
            for k in range(10):
                if made >= n:
                    break
                lines = []
                status_rank = 0
                for r, start, end in rounds:
                    status_rank = min(2, status_rank + rng.randint(0, 1))
                    status = ["not_started", "in_progress", "done"][status_rank]
                    y, m, d = end
                    spent = rng.randrange(0, share // 3 // 100) * 100 + rng.choice([0, 50])
                    day, satang = rng.randint(1, 28), rng.randint(0, 99)
                    if status == "not_started":  # nothing done yet: no date, nothing spent
                        lines.append(f"  {r}: {{status: {status}}}")
                    else:  # a date inside the round's own period, before its end
                        lines.append(f"  {r}: {{status: {status}, date: {y}-{m:02d}-{day:02d}, spent: {spent}.{satang:02d}}}")
                write(f"{jdir}/activity-{k:02d}.md", f"""---
title: กิจกรรม{words(rng, 6)} {made}
order: {k + 1}
budget: {share}
steps: [{words(rng, 3)}, {words(rng, 3)}, {words(rng, 3)}]
rounds:
{chr(10).join(lines)}
---
{words(rng, 150)}
""")
                made += 1
        plan += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--flavour", choices=["pages", "report"], default="pages")
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=2565)
    a = ap.parse_args()
    if a.flavour == "pages":
        gen_pages(a.out, a.pages, a.seed)
    else:
        gen_report(a.out, a.pages, a.seed)


if __name__ == "__main__":
    main()
