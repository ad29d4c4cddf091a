# Sourced by the scripts in scripts/ (which define `die MESSAGE`).

# `concat_until BYTES FILE...` writes the files one after another, over and over, to standard
# output until BYTES or more are written (ending with a whole file).
concat_until() {
    local bytes=$1 written=0 source_file
    shift
    while ((written < bytes)); do
        for source_file in "$@"; do
            cat "$source_file"
            # A file that does not end its last line must not glue it to the next file's first.
            [[ -z $(tail -c 1 "$source_file") ]] || echo
            written=$((written + $(stat -c %s "$source_file")))
            ((written < bytes)) || break
        done
    done
}

# `build_zjlint REPO PROFILE` builds zjlint with cargo and sets `zjlint` to the binary's path.
build_zjlint() {
    local repo=$1 profile=$2 target_dir
    echo "== 构建 zjlint（cargo build --profile $profile）"
    (cd "$repo" && cargo build --profile "$profile")
    target_dir="${CARGO_TARGET_DIR:-$repo/target}"
    case "$profile" in
        dev) zjlint="$target_dir/debug/zjlint" ;;
        *) zjlint="$target_dir/$profile/zjlint" ;;
    esac
    [[ -x $zjlint ]] || die "构建后找不到 $zjlint"
}
