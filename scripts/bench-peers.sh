#!/usr/bin/env bash
# zjlint side by side with its peers on one core: autocorrect (autocorrect-node) and, as the
# cost of only reading the text, ripgrep. Builds two corpora from ../shared/corpus (never
# committed: they are third parties' documents) in a work directory, times the three tools in
# one hyperfine run per corpus and prints mean seconds, MB/s and speed relative to zjlint.
# See BENCHMARKS.md.
set -euo pipefail

usage() {
    cat <<'EOF'
用法：scripts/bench-peers.sh [选项]

在一个 CPU 核上（taskset）用 hyperfine 比较 zjlint、autocorrect 和 ripgrep（只读文本的基线）
在两份语料上的速度：2,000 个文件（从 ../shared/corpus 中的 UTF-8 .txt/.md 轮流复制）和一个
约 50 MB 的文件（由它们拼接而成）。语料建在工作目录中，不进仓库。

选项：
  --quick              少跑几轮、用小语料（200 个文件、5 MB），用来试脚本
  --runs N             每条命令计时的轮数（默认 3，--quick 时 2）
  --work DIR           工作目录（默认 ${TMPDIR:-/tmp}/zjlint-bench）
  --corpus DIR         共享语料目录（默认仓库旁的 ../shared/corpus）
  --core N             绑定到第 N 个核（默认 0）
  --profile NAME       cargo 构建配置（默认 release；试脚本时可用 quick）
  --export-markdown    另把 hyperfine 的结果写成工作目录中的 Markdown 文件
  --export-json        另把 hyperfine 的结果写成工作目录中的 JSON 文件
  -h, --help           显示本说明

缺少的工具会自动安装：autocorrect（npm install autocorrect-node，装在工作目录中）、
ripgrep 和 hyperfine（apt-get）。没有共享语料时以状态 2 退出。
EOF
}

die() {
    echo "bench-peers: $1" >&2
    exit "${2:-1}"
}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=common.sh
source "$repo/scripts/common.sh"
quick=0
runs=""
work="${TMPDIR:-/tmp}/zjlint-bench"
corpus="$repo/../shared/corpus"
core=0
profile=release
export_markdown=0
export_json=0

while (($# > 0)); do
    case "$1" in
        --quick) quick=1 ;;
        --runs) runs="${2:?--runs 需要一个数}"; shift ;;
        --work) work="${2:?--work 需要一个目录}"; shift ;;
        --corpus) corpus="${2:?--corpus 需要一个目录}"; shift ;;
        --core) core="${2:?--core 需要一个数}"; shift ;;
        --profile) profile="${2:?--profile 需要一个名字}"; shift ;;
        --export-markdown) export_markdown=1 ;;
        --export-json) export_json=1 ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "不认识的参数：$1" 2 ;;
    esac
    shift
done

if [[ ! -d $corpus ]]; then
    die "找不到共享语料目录 $corpus（应在仓库旁的 ../shared/corpus，或用 --corpus 指定）；没有语料就无从比较" 2
fi
[[ $runs =~ ^[1-9][0-9]*$ ]] || runs=$((quick ? 2 : 3))
if ((quick)); then
    file_count=200
    big_bytes=5000000
else
    file_count=2000
    big_bytes=50000000
fi

# Installs Debian packages, as root or through sudo.
apt_install() {
    if ((EUID == 0)); then
        apt-get install -y "$@"
    elif command -v sudo >/dev/null; then
        sudo apt-get install -y "$@"
    else
        die "需要安装 $*（apt-get），但当前不是 root，也没有 sudo"
    fi
}

command -v taskset >/dev/null || die "需要 taskset（util-linux）把命令绑定到一个核"
command -v iconv >/dev/null || die "需要 iconv 判断文件是否为 UTF-8"
command -v rg >/dev/null || apt_install ripgrep
command -v hyperfine >/dev/null || apt_install hyperfine

mkdir -p "$work"
work=$(cd "$work" && pwd)

# --- Corpora -------------------------------------------------------------------------------
# The peers read only UTF-8: files in other encodings (GB18030, UTF-16) are left out.
many="$work/many-$file_count"
big="$work/big-$big_bytes"
stamp="$work/corpus-$file_count-$big_bytes.stamp"
if [[ ! -f $stamp ]]; then
    echo "== 建语料：$many，$big"
    mapfile -t found < <(find "$corpus" -type f \( -name '*.txt' -o -name '*.md' \) | LC_ALL=C sort)
    sources=()
    skipped=0
    for file in "${found[@]}"; do
        if [[ -s $file ]] && iconv -f UTF-8 -t UTF-8 "$file" >/dev/null 2>&1; then
            sources+=("$file")
        else
            skipped=$((skipped + 1))
        fi
    done
    ((${#sources[@]} > 0)) || die "$corpus 中没有 UTF-8 的 .txt/.md 文件"
    echo "   UTF-8 源文件 ${#sources[@]} 个，跳过非 UTF-8 或空文件 $skipped 个"
    rm -rf "$many" "$big"
    mkdir -p "$many" "$big"
    for ((i = 0; i < file_count; i++)); do
        source_file="${sources[i % ${#sources[@]}]}"
        cp "$source_file" "$many/$(printf '%05d' "$i")_$(basename "$source_file")"
    done
    concat_until "$big_bytes" "${sources[@]}" >"$big/big.txt"
    touch "$stamp"
fi

bytes_of() {
    find "$1" -type f -printf '%s\n' | awk '{ sum += $1 } END { print sum + 0 }'
}

# --- Tools ---------------------------------------------------------------------------------
peer_dir="$work/peer"
autocorrect="$peer_dir/node_modules/.bin/autocorrect"
if [[ ! -x $autocorrect ]]; then
    command -v npm >/dev/null || die "需要 npm 安装 autocorrect-node"
    echo "== 安装 autocorrect-node 到 $peer_dir"
    mkdir -p "$peer_dir"
    (cd "$peer_dir" && npm install --no-audit --no-fund autocorrect-node)
fi

build_zjlint "$repo" "$profile"

# `--threads` may not exist yet; without it zjlint runs on the one core taskset gives it.
zjlint_threads=""
zjlint_help=$("$zjlint" check --help)
if [[ $zjlint_help == *--threads* ]]; then
    zjlint_threads=" --threads 1"
fi

# --- Timing --------------------------------------------------------------------------------
machine=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //' || true)
echo "== 机器：${machine:-未知 CPU}，$(nproc) 核；绑定到第 $core 核"
echo "== zjlint $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo '?')（$profile）；autocorrect $("$autocorrect" --version 2>/dev/null | awk '{ print $NF }')；$(rg --version | head -n 1)；$(hyperfine --version)"

tables=()
for corpus_dir in "$many" "$big"; do
    name=$(basename "$corpus_dir")
    corpus_bytes=$(bytes_of "$corpus_dir")
    target_q=$(printf '%q' "$corpus_dir")
    zjlint_command="$(printf '%q' "$zjlint") check --format json$zjlint_threads $target_q"
    autocorrect_command="$(printf '%q' "$autocorrect") --lint --format json --threads 1 $target_q"
    rg_command="rg -j1 -c 的 $target_q"

    # hyperfine -i ignores every exit status (the linters exit 1 on findings): make sure first
    # that no tool fails outright, or its time would mean nothing. This run also fills the page
    # cache, so hyperfine needs no warm-up run.
    for command in "$zjlint_command" "$autocorrect_command" "$rg_command"; do
        status=0
        bash -c "$command" >/dev/null 2>"$work/last-stderr" || status=$?
        if ((status > 1)); then
            cat "$work/last-stderr" >&2
            die "命令失败（状态 $status）：$command"
        fi
    done

    echo "== $name：$(find "$corpus_dir" -type f | wc -l) 个文件，$corpus_bytes 字节；每条命令 $runs 轮"
    exports=(--export-csv "$work/$name.csv")
    ((export_markdown)) && exports+=(--export-markdown "$work/$name.md")
    ((export_json)) && exports+=(--export-json "$work/$name.json")
    taskset -c "$core" hyperfine -i --runs "$runs" --style basic "${exports[@]}" \
        -n zjlint "$zjlint_command" \
        -n autocorrect "$autocorrect_command" \
        -n "rg -j1" "$rg_command"

    # CSV columns: command,mean,stddev,median,user,system,min,max (seconds). On a busy machine
    # the wall clock also counts waiting for the core: CPU time (user + system) says more.
    table=$(awk -F, -v bytes="$corpus_bytes" -v corpus="$name" '
        NR == 1 { next }
        { tool[NR] = $1; mean[NR] = $2; cpu[NR] = $5 + $6; if ($1 == "zjlint") base = $2; last = NR }
        END {
            printf "| %s | mean (s) | MB/s | CPU (s) | MB/s of CPU | speed vs zjlint |\n", corpus
            printf "|---|---:|---:|---:|---:|---:|\n"
            for (i = 2; i <= last; i++)
                printf "| %s | %.3f | %.1f | %.3f | %.1f | %.2f× |\n", tool[i], mean[i], bytes / mean[i] / 1e6, cpu[i], bytes / cpu[i] / 1e6, base / mean[i]
        }' "$work/$name.csv")
    tables+=("$table")
done

echo
echo "== 结果（MB/s = 语料字节数 / 平均时间 / 10^6；MB/s of CPU 按用户态加内核态 CPU 时间算；speed vs zjlint > 1 表示比 zjlint 快）"
for table in "${tables[@]}"; do
    echo
    echo "$table"
done
echo
echo "hyperfine 的原始结果在 $work/（*.csv$( ((export_markdown)) && echo '、*.md')$( ((export_json)) && echo '、*.json')）"
