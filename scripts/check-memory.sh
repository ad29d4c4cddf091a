#!/usr/bin/env bash
# zjlint's peak memory on a large file, or on many files checked at once, against the goal of
# issue 11: at most twice the largest file and 50 MB. By default the file is the repository's
# own texts (the seeds and the examples) put together to 50 MB, and the many files are copies
# of them, so the check needs nothing from outside the repository. `--shape` makes the file
# harder: the example draft over and over, one line, or GB18030. Exits 1 when a run goes over
# the goal. See BENCHMARKS.md.
set -euo pipefail

usage() {
    cat <<'EOF'
用法：scripts/check-memory.sh [选项]

用发布构建检查 zjlint 的峰值内存：在一个大文件（或一个有许多文件的目录）上运行
`zjlint check --format json`，每次运行的峰值常驻内存（RSS）都不得超过其中最大文件的
两倍加 50 MB。默认的文件由仓库自带的文本（tests/fixtures/corpus/seeds 与 examples 中的
.txt、.md）拼接成 50,000,000 字节，放在工作目录中。任何一次超过目标时以状态 1 退出。

选项：
  --file F             改测这个文件或目录（例如 bench-peers.sh 建的 big-50000000/big.txt
                       或 many-2000）
  --bytes N            拼接文件的字节数（默认 50000000）
  --shape S            拼接文件的形状：plain（默认，文本照原样）、dense（examples 中的
                       草稿一遍遍重复：每几行就有标题和错误）、one-line（换行都换成空格：
                       整页一行）、gb18030（同样的文本存成 GB18030，约为 UTF-8 的三分之二）
  --many N             改测一个目录：仓库自带的文本轮流复制成 N 个文件，多线程同时检查
  --binary PATH        测这个 zjlint 可执行文件，不构建（例如比较两个版本）
  --threads LIST       zjlint 的线程数，逗号分隔，每个都测（默认 1,2,4）
  --runs N             每个线程数运行的次数（默认 3）：峰值随线程的先后略有起伏
  --work DIR           工作目录（默认 ${TMPDIR:-/tmp}/zjlint-memory）
  --profile NAME       cargo 构建配置（默认 release）
  -h, --help           显示本说明

需要 python3（用它读子进程的峰值 RSS）。
EOF
}

die() {
    echo "check-memory: $1" >&2
    exit "${2:-1}"
}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=common.sh
source "$repo/scripts/common.sh"
file=""
bytes=50000000
shape=plain
many=""
binary=""
threads="1,2,4"
runs=3
work="${TMPDIR:-/tmp}/zjlint-memory"
profile=release

while (($# > 0)); do
    case "$1" in
        --file) file="${2:?--file 需要一个文件}"; shift ;;
        --bytes) bytes="${2:?--bytes 需要一个数}"; shift ;;
        --shape) shape="${2:?--shape 需要一个形状}"; shift ;;
        --many) many="${2:?--many 需要一个数}"; shift ;;
        --binary) binary="${2:?--binary 需要一个可执行文件}"; shift ;;
        --threads) threads="${2:?--threads 需要线程数}"; shift ;;
        --runs) runs="${2:?--runs 需要一个数}"; shift ;;
        --work) work="${2:?--work 需要一个目录}"; shift ;;
        --profile) profile="${2:?--profile 需要一个名字}"; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "不认识的参数：$1" 2 ;;
    esac
    shift
done

[[ $bytes =~ ^[1-9][0-9]*$ ]] || die "--bytes 应是正整数，而不是 $bytes" 2
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs 应是正整数，而不是 $runs" 2
case "$shape" in
    plain | dense | one-line | gb18030) ;;
    *) die "--shape 应是 plain、dense、one-line 或 gb18030，而不是 $shape" 2 ;;
esac
[[ $shape == plain || (-z $file && -z $many) ]] ||
    die "--shape 只用于拼接的文件，不能与 --file 或 --many 同用" 2
[[ -z $many || $many =~ ^[1-9][0-9]*$ ]] || die "--many 应是正整数，而不是 $many" 2
[[ $threads =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "--threads 应是逗号分隔的正整数，而不是 $threads" 2
if [[ -n $file && ! -e $file ]]; then
    die "找不到要测的文件 $file" 2
fi
if [[ -n $binary && ! -x $binary ]]; then
    die "$binary 不是可执行文件" 2
fi
command -v python3 >/dev/null || die "需要 python3 读取峰值内存" 2

# --- The file ------------------------------------------------------------------------------
# `reshape SHAPE FILE` rewrites the UTF-8 text FILE: its line breaks as spaces (one-line), or
# in GB18030 (gb18030).
reshape() {
    python3 - "$@" <<'PY'
import sys
shape, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    text = f.read()
if shape == "one-line":
    data = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").encode("utf-8")
else:
    data = text.encode("gb18030")
with open(path, "wb") as f:
    f.write(data)
PY
}

if [[ -z $file ]]; then
    mkdir -p "$work"
    mapfile -t sources < <(find "$repo/tests/fixtures/corpus/seeds" "$repo/examples" \
        -type f \( -name '*.txt' -o -name '*.md' \) | LC_ALL=C sort)
    ((${#sources[@]} > 0)) || die "仓库中找不到 tests/fixtures/corpus/seeds 或 examples 的文本"
    # Named by its sources' checksum: a file made from texts since changed is not reused.
    sum=$(cat "${sources[@]}" | cksum | cut -d ' ' -f 1)
    if [[ -n $many ]]; then
        file="$work/own-many-$many-$sum"
        if [[ ! -d $file ]]; then
            echo "== 把仓库自带的文本轮流复制成 $file 中的 $many 个文件"
            rm -rf "$file.partial"
            mkdir -p "$file.partial"
            for ((k = 0; k < many; k++)); do
                source_file=${sources[k % ${#sources[@]}]}
                cp "$source_file" "$file.partial/$(printf '%05d' "$k")-$(basename "$source_file")"
            done
            mv "$file.partial" "$file"
        fi
    else
        if [[ $shape == dense ]]; then
            mapfile -t sources < <(find "$repo/examples" -type f -name '*草稿*.txt' | LC_ALL=C sort)
            ((${#sources[@]} > 0)) || die "examples 中找不到草稿（*草稿*.txt）"
            sum=$(cat "${sources[@]}" | cksum | cut -d ' ' -f 1)
        fi
        file="$work/own-$bytes-$sum.txt"
        if [[ $shape != plain ]]; then
            file="$work/own-$shape-$bytes-$sum.txt"
        fi
        if [[ ! -f $file ]]; then
            echo "== 用仓库自带的文本拼出 $file（$bytes 字节的 UTF-8 文本，形状 $shape）"
            concat_until "$bytes" "${sources[@]}" >"$file.partial"
            case "$shape" in
                one-line | gb18030) reshape "$shape" "$file.partial" ;;
            esac
            mv "$file.partial" "$file"
        fi
    fi
fi
# The largest file (the only one, or the largest in the directory).
size=$(find "$file" -type f -printf '%s\n' | sort -n | tail -n 1)
[[ -n $size ]] || die "$file 中没有文件" 2
# The goal in KiB, as the kernel counts the resident set: (2 × size + 50,000,000) / 1024.
goal_kib=$(((2 * size + 50000000) / 1024))

# --- The build -----------------------------------------------------------------------------
if [[ -n $binary ]]; then
    zjlint=$binary
else
    build_zjlint "$repo" "$profile"
fi

# --- The runs ------------------------------------------------------------------------------
# Peak resident set of one run in KiB (getrusage of the waited child), its report discarded.
# Prints the status too: 0 or 1 are a finished lint, anything else a failure.
peak_of() {
    python3 - "$@" <<'PY'
import resource, subprocess, sys
status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, status)
PY
}

echo "== $file：最大的文件 $size 字节；目标：峰值 RSS ≤ 2 × 最大文件 + 50 MB = $goal_kib KiB"
over=0
IFS=, read -ra thread_counts <<<"$threads"
for count in "${thread_counts[@]}"; do
    peaks=()
    for ((run = 0; run < runs; run++)); do
        read -r peak status < <(peak_of "$zjlint" check --format json --threads "$count" "$file")
        ((status <= 1)) || die "zjlint 以状态 $status 结束（--threads $count）"
        peaks+=("$peak")
        ((peak <= goal_kib)) || over=1
    done
    highest=$(printf '%s\n' "${peaks[@]}" | sort -n | tail -n 1)
    verdict="通过"
    ((highest <= goal_kib)) || verdict="超过目标"
    echo "   --threads $count：峰值 ${peaks[*]} KiB；最高 $highest KiB，余量 $((goal_kib - highest)) KiB：$verdict"
done
if ((over)); then
    die "峰值内存超过目标（$goal_kib KiB）"
fi
echo "== 所有运行都在目标之内"
