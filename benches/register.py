#!/usr/bin/env python3
"""Times `prongsai build` of a procurement register of N records (default 2,000), spread over
the twelve months of a fiscal year in one CSV file per month, against the same site without the
register (the peer measured in the same run). Sites and outputs are written under /dev/shm.

    python3 benches/register.py [--records 2000] [--runs 5] [--bin target/release/prongsai]
"""
import argparse, os, shutil, statistics, subprocess, tempfile, time

HEAD = "ลำดับที่,งานที่จัดซื้อหรือจัดจ้าง,วงเงินที่จะซื้อหรือจ้าง,ราคากลาง,วิธีซื้อหรือจ้าง,รายชื่อผู้เสนอราคาและราคาที่เสนอ,ผู้ได้รับการคัดเลือก,ราคาที่ตกลงซื้อหรือจ้าง,เหตุผลที่คัดเลือกโดยสรุป,เลขที่สัญญา,วันที่สัญญา,หมวดงบรายจ่าย,เลขที่โครงการในระบบ e-GP\n"
METHODS = ["วิธีเฉพาะเจาะจง", "e-market", "e-bidding", "วิธีคัดเลือก"]


def site(root, records, register):
    os.makedirs(f"{root}/content/2569/plan/p", exist_ok=True)
    open(f"{root}/site.yaml", "w").write("title: หน่วยงานทดสอบ\nbase_url: https://example.go.th/\npdf: off\nita_year: 2569\n")
    open(f"{root}/content/2569/plan/_index.md", "w").write("---\ntype: plan\ntitle: แผน\nkind: anti-corruption\n---\n")
    open(f"{root}/content/2569/plan/p/_index.md", "w").write("---\ntype: project\ntitle: โครงการ\nbudget: {approved: 1000}\n---\n")
    if not register:
        return
    d = f"{root}/content/2569/procurement"
    os.makedirs(d, exist_ok=True)
    open(f"{d}/_index.md", "w").write("---\ntype: procurement\nthrough: 2569-09\n---\n")
    months = [(2568, m) for m in (10, 11, 12)] + [(2569, m) for m in range(1, 10)]
    for i, (y, m) in enumerate(months):
        rows = [HEAD]
        for n in range(i, records, 12):
            budget = 1000 + (n * 37) % 90000
            price = budget - (n % 7) * 10
            rows.append(f'{n},จัดซื้อวัสดุรายการที่ {n},"{budget:,}","{budget:,}",{METHODS[n % 4]},"ร้าน {n} {price:,}\nร้านอื่น {budget:,}",ร้าน {n},"{price:,}",ราคาต่ำสุด,ข.{n}/{y},{1 + n % 28:02d}/{m:02d}/{y},{"งบลงทุน" if n % 5 == 0 else "งบดำเนินงาน"},{69000000000 + n}\n')
        open(f"{d}/{y}-{m:02d}.csv", "w", encoding="utf-8-sig").write("".join(rows))


def timed(binary, root, out):
    start = time.perf_counter()
    subprocess.run([binary, "build", "--root", root, "--output", out], check=True, capture_output=True)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default="target/release/prongsai")
    a = ap.parse_args()
    work = tempfile.mkdtemp(dir="/dev/shm")
    try:
        with_reg, without = f"{work}/with", f"{work}/without"
        site(with_reg, a.records, True)
        site(without, a.records, False)
        times = {"register": [], "peer": []}
        for i in range(a.runs):  # alternating, each run into a fresh folder
            times["register"].append(timed(a.bin, with_reg, f"{work}/out-r{i}"))
            times["peer"].append(timed(a.bin, without, f"{work}/out-p{i}"))
        r, p = statistics.median(times["register"]), statistics.median(times["peer"])
        pages = sum(len(fs) for _, _, fs in os.walk(f"{work}/out-r0/2569/procurement"))
        print(f"{a.records} records, 12 months, {pages} files under the register: median {r*1000:.0f} ms "
              f"(min {min(times['register'])*1000:.0f}, max {max(times['register'])*1000:.0f}); "
              f"the same site without the register: {p*1000:.0f} ms; difference {(r-p)*1000:.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


main()
