#!/usr/bin/env python3
"""zjlint on hostile shapes of text, at two sizes: time and memory must grow with the input.

Each shape is a short string repeated to the size (a line full of heading markers, quotes, commas,
traditional characters, ...). zjlint checks each file on one thread; a shape is flagged when
the larger file takes far longer than its size explains (time superlinear in the input), when a
run peaks over twice the file and 50 MB (the memory goal of issue 11), or when it does not end
in time. Exits 1 when a shape is flagged, 2 on a usage error. See BENCHMARKS.md.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# Name, repeated text, what it stands for. Written for this check: no third party's text.
SHAPES = [
    ("circled", "①②③", "一行圆圈序号"),
    ("enumeration", "一、二、三、", "一行连续的汉字序号"),
    ("arabic", "1.", "一行连续的阿拉伯数字序号"),
    ("mixed", "（一）“工作”，《计划》【1】", "一行序号、引号、书名号混排，没有句号"),
    ("bold", "**一、工作**", "一行加粗的标题"),
    ("headings", "一、工作总结\n", "每行一个同号标题"),
    ("numbered-lines", "1.工作\n", "每行一个同号条目"),
    ("paren-lines", "（1）工作\n", "每行一个带括号的同号条目"),
    ("quotes", "“", "全是前引号"),
    ("brackets", "（", "全是左括号"),
    ("commas", "，", "全是逗号"),
    ("same", "的", "同一个字"),
    ("traditional", "點", "同一个繁体字"),
    ("breadcrumbs", "首页 > ", "一行导航"),
    ("spaces", " ", "全是空格"),
    ("placeholders", "20xx年XX市达到亿元，", "一行模板占位符"),
]


def make(path: Path, unit: str, size: int) -> None:
    """`unit` repeated to `size` bytes, cut at a character's end."""
    data = unit.encode("utf-8")
    text = (data * (size // len(data) + 1))[:size]
    path.write_bytes(text.decode("utf-8", "ignore").encode("utf-8"))


# Runs zjlint and prints its seconds (or "timeout"), peak resident KiB and status. A small
# process of its own: a child's peak counts the memory of the process it was forked from, and
# this one is smaller than zjlint.
MEASURE = """
import resource, subprocess, sys, time
start = time.monotonic()
try:
    status = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, timeout=float(sys.argv[1])).returncode
    seconds = str(time.monotonic() - start)
except subprocess.TimeoutExpired:
    status, seconds = -1, "timeout"
except OSError:
    status, seconds = 126, "error"
print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, status)
"""


def run(binary: str, path: Path, timeout: float, report_format: str):
    """Seconds and peak resident KiB of `zjlint check` on `path`, and its status; None seconds
    when it did not finish a lint (a timeout or a failure)."""
    command = [binary, "check", "--format", report_format, "--threads", "1", str(path)]
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(timeout), *command],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    seconds, kib, status = out[0], int(out[1]), int(out[2])
    finished = seconds not in ("timeout", "error") and status in (0, 1)
    return (float(seconds) if finished else None), kib, (status if status >= 0 else None)


def positive_sizes(value: str):
    try:
        sizes = [int(part) for part in value.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"应是两个逗号分隔的字节数，而不是 {value}")
    if len(sizes) != 2 or not 0 < sizes[0] < sizes[1]:
        raise argparse.ArgumentTypeError(f"应是两个由小到大的正字节数，而不是 {value}")
    return sizes


def main() -> int:
    names = [name for name, _, _ in SHAPES]
    parser = argparse.ArgumentParser(
        description="在刁难的文本形状上检查 zjlint 的时间与内存：每个形状做成小、大两个文件，"
        "各用一个线程检查。大文件用时远超大小之比（超线性）、峰值内存超过文件两倍加 50 MB、"
        "或超时，都会标出；有标出的形状时以状态 1 退出。",
        epilog="形状：" + "、".join(f"{n}（{d}）" for n, _, d in SHAPES),
    )
    parser.add_argument("--binary", required=True, help="要测的 zjlint 可执行文件（发布构建）")
    parser.add_argument(
        "--sizes",
        type=positive_sizes,
        default=[1 << 20, 4 << 20],
        help="小、大两个文件的字节数，逗号分隔（默认 1048576,4194304）",
    )
    parser.add_argument("--shapes", help="只测这些形状，逗号分隔（默认全部）")
    parser.add_argument("--timeout", type=float, default=120.0, help="每次运行的秒数上限（默认 120）")
    parser.add_argument("--work", help="放文件的目录（默认临时目录）")
    parser.add_argument(
        "--format",
        default="json",
        choices=["json", "sarif", "rdjson", "human", "concise", "github"],
        help="报告格式（默认 json）：一条修复改动很多处时，各格式写法不同",
    )
    args = parser.parse_args()

    if not (os.path.isfile(args.binary) and os.access(args.binary, os.X_OK)):
        parser.error(f"{args.binary} 不是可执行文件")
    chosen = SHAPES
    if args.shapes:
        wanted = args.shapes.split(",")
        unknown = [w for w in wanted if w not in names]
        if unknown:
            parser.error(f"不认识的形状：{'、'.join(unknown)}（可用：{'、'.join(names)}）")
        chosen = [s for s in SHAPES if s[0] in wanted]

    small, large = args.sizes
    ratio = large / small
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="zjlint-shapes-"))
    work.mkdir(parents=True, exist_ok=True)
    print(
        f"小文件 {small} 字节，大文件 {large} 字节（大小之比 {ratio:g}），"
        f"各用一个线程检查，报告格式 {args.format}"
    )
    flagged = []
    for name, unit, _ in chosen:
        figures = []
        for size in (small, large):
            path = work / f"{name}-{size}.txt"
            make(path, unit, size)
            figures.append(run(args.binary, path, args.timeout, args.format))
            path.unlink()
        (t_small, kib_small, _), (t_large, kib_large, code) = figures
        goal_kib = (2 * large + 50_000_000) // 1024
        verdicts = []
        if t_small is None or t_large is None:
            verdicts.append("超时或出错" if code is None or code > 1 else "出错")
        else:
            # Under half a second start-up and noise outweigh the input.
            if t_large > 0.5 and t_large > 2 * ratio * max(t_small, 0.05):
                verdicts.append("超线性")
        if kib_large > goal_kib:
            verdicts.append(f"超内存（目标 {goal_kib} KiB）")
        if verdicts:
            flagged.append(name)

        def shown(t, kib):
            return f"{'—' if t is None else f'{t:.2f} 秒'}，{kib} KiB"

        times = "—" if not (t_small and t_large) else f"{t_large / max(t_small, 1e-3):.1f}"
        print(
            f"{name:<15} 小：{shown(t_small, kib_small)}；大：{shown(t_large, kib_large)}；"
            f"用时之比 {times}：{'；'.join(verdicts) or '正常'}"
        )
    if not args.work:
        work.rmdir()
    if flagged:
        print(f"标出的形状：{'、'.join(flagged)}")
        return 1
    print("所有形状都正常")
    return 0


if __name__ == "__main__":
    sys.exit(main())
