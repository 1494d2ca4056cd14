#!/usr/bin/env bash
# Issue 9's reliability audit, re-runnable: every case tried as a new user would, with the real ./nsw on copies
# of sample-data/ and a tiny random model, printed as one TSV row each:
#
#   id  rule  case  expected  observed (exit code: first error line)  verdict
#
# verdict: good | poor (right outcome, but a stack trace, several lines, or a message that does not say what is
# wrong) | bug (wrong exit code or wrong result) | data-loss (a file the user owns changed or vanished: every case
# checksums the files it could touch before and after).
#
#   nice -n 15 src/test/shell/reliability-audit.sh [SCRATCH_DIR] > audit.tsv
#
# SCRATCH_DIR defaults to target/reliability-audit; the script only ever clears a folder it made (it carries
# .reliability-audit). Progress goes to stderr, the table to stdout, counts last (as "# " lines). About 6-10
# minutes on a loaded 2-core machine. Not part of ./nsw test (too slow); docs/AUDIT.md has the last table.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
work="${1:-$root/target/reliability-audit}"
nsw="$root/nsw"

if [ -e "$work" ]; then
    if [ -f "$work/.reliability-audit" ]; then
        rm -rf "$work"
    elif [ -n "$(ls -A "$work" 2>/dev/null)" ]; then
        echo "reliability-audit: $work exists and was not made by this script; name an empty or new folder" >&2
        exit 2
    fi
fi
mkdir -p "$work"
touch "$work/.reliability-audit"
work="$(cd "$work" && pwd)"
cd "$work" || exit 2
log="$work/logs"
mkdir -p "$log"
umask 022

# ---------------------------------------------------------------------------------------------------------------
# helpers

note() { echo "[audit $(date +%H:%M:%S)] $*" >&2; }

# checksums of files and whole folders (names, contents, modes) so that a changed or vanished file shows
sums() {
    local p
    for p in "$@"; do
        if [ -d "$p" ]; then
            (cd "$p" && find . -path ./.nsw-lock -prune -o -type f -print0 | sort -z | xargs -0 -r sha256sum)
            echo "dir $p"
        elif [ -f "$p" ]; then
            sha256sum "$p"
        else
            echo "missing $p"
        fi
    done
}

# the first line of stderr that says what went wrong (else the first line), tabs flattened, shortened
first_line() {
    local f="$1" line
    line="$(grep -m1 -E '^nsw: |^Error|^Exception|^error' "$f" || true)"
    [ -n "$line" ] || line="$(grep -m1 -v '^\s*$' "$f" || true)"
    line="${line//$'\t'/ }"
    echo "${line:0:180}"
}

rows=0
declare -A counts=([good]=0 [poor]=0 [bug]=0 [data-loss]=0 [n/a]=0)
record() { # id rule case expected observed verdict
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6"
    rows=$((rows + 1))
    counts[$6]=$((${counts[$6]} + 1))
    note "$1 $6 — $5"
}

# Judges one finished command: $1 want_exit, $2 fragment (extended regex the output must contain, or ""),
# $3 rc, $4 stdout file, $5 stderr file, $6 before-sums, $7 after-sums. Prints the verdict.
judge() {
    local want="$1" fragment="$2" rc="$3" out="$4" err="$5" before="$6" after="$7"
    if [ "$before" != "$after" ]; then
        echo data-loss
    elif [ "$rc" != "$want" ]; then
        if [ "$want" = 0 ] || [ "$rc" = 0 ] || [ "$rc" -gt 2 ]; then echo bug; else echo poor; fi
    elif grep -q -E $'^\tat |Exception in thread|^Caused by' "$err"; then
        echo poor
    elif [ "$(grep -c -E '^nsw: error' "$err")" -gt 1 ]; then
        echo poor
    elif [ -n "$fragment" ] && ! cat "$out" "$err" | grep -q -E -- "$fragment"; then
        echo poor
    else
        echo good
    fi
}

# run_case ID RULE "case" "expected" WANT_EXIT FRAGMENT "WATCHED PATHS" -- command...
# Runs the command in $work; CHECK=fn (optional) is called after it with rc, stdout, stderr and may print
# "bug: why" or "poor: why" to overrule a good verdict.
run_case() {
    local id="$1" rule="$2" desc="$3" expected="$4" want="$5" fragment="$6" watch="$7"
    shift 8
    local out="$log/$id.out" err="$log/$id.err" before after rc verdict observed
    # shellcheck disable=SC2086
    before="$(sums $watch)"
    "$@" >"$out" 2>"$err"
    rc=$?
    # shellcheck disable=SC2086
    after="$(sums $watch)"
    verdict="$(judge "$want" "$fragment" "$rc" "$out" "$err" "$before" "$after")"
    observed="exit $rc: $(first_line "$err")"
    if [ "$verdict" = good ] && [ -n "${CHECK:-}" ]; then
        local extra
        extra="$("$CHECK" "$rc" "$out" "$err")"
        if [ -n "$extra" ]; then
            # one or more "verdict: why" lines: the worst verdict wins, the reasons are joined on one line
            verdict=poor
            grep -q '^bug:' <<<"$extra" && verdict=bug
            grep -q '^data-loss:' <<<"$extra" && verdict=data-loss
            observed="$observed; $(sed 's/^[a-z-]*: //' <<<"$extra" | paste -sd ';' | sed 's/;/; /g')"
        fi
    fi
    record "$id" "$rule" "$desc" "$expected" "$observed" "$verdict"
}

# the java that ./nsw runs, for the two small generators below (a tiny model, a serialised payload)
java_home="$(NSW_PRINT_JDK=1 "$nsw")"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.cache/nsw/djl}"
jrun() {
    "$java_home/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
        --sun-misc-unsafe-memory-access=allow -Dai.djl.offline=true -DDJL_CACHE_DIR="$DJL_CACHE_DIR" \
        -DENGINE_CACHE_DIR="$DJL_CACHE_DIR" -cp "$root/target/classes:$(cat "$root/target/runtime-classpath.txt")" "$@"
}

# ---------------------------------------------------------------------------------------------------------------
# set-up: data, a tiny model, a finished run, an index, embeddings, a reranker (not cases)

note "set-up in $work"
"$nsw" --version >/dev/null 2>&1 || { echo "reliability-audit: ./nsw does not build" >&2; exit 1; }
mkdir -p data
cp "$root"/sample-data/zh-helpdesk/*.csv data/
cp "$root"/sample-data/zh/train_triples.tsv "$root"/sample-data/zh/test_labeled.tsv data/
D="$work/data"
# the corpus in another order, and with one line edited (same size)
{ tail -n +2 "$D/corpus.csv"; head -n 1 "$D/corpus.csv"; } >"$D/corpus-shuffled.csv"
sed '1s/.*/一行被改过的文本/' "$D/corpus.csv" >"$D/corpus-edited.csv"

cat >"$work/TinyModel.java" <<'JAVA'
import dev.nsw.encoder.*;
import dev.nsw.io.NamedTensor;
import dev.nsw.text.Tokenizer;
import java.nio.file.Path;
import java.util.*;

/** A random 2-layer BERT (hidden 32, embedding 16) over bge-small-zh's vocabulary: trains in milliseconds a step. */
public class TinyModel {
    public static void main(String[] args) throws Exception {
        BertConfig config = BertConfig.of(21128, 32, 2, 4, 64, 128, 2).withDropout(0.1f, 0.1f).withOutputEmbSize(16);
        EncoderOptions options = EncoderOptions.defaults().withMaxSeqLength(16).withOutputEmbSize(EncoderOptions.KEEP)
                .withThreads(1);
        Random r = new Random(Long.parseLong(args[1]));
        Map<String, NamedTensor> weights = new LinkedHashMap<>();
        new EncoderBlock(config).expectedShapes().forEach((name, shape) -> {
            float[] data = new float[(int) shape.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (r.nextGaussian() * 0.1);
            }
            if (name.endsWith("LayerNorm.weight")) {
                Arrays.fill(data, 1f);
            }
            weights.put(name, new NamedTensor(name, shape.getShape(), data));
        });
        Tokenizer tokenizer;
        try (var in = TinyModel.class.getClassLoader().getResourceAsStream("bge-small-zh-v1.5-tokenizer.json")) {
            tokenizer = Tokenizer.fromStream(in, options.maxSeqLength());
        }
        try (Encoder e = Encoder.create("tiny", config, weights, tokenizer, options)) {
            e.save(Path.of(args[0]));
        }
    }
}
JAVA
jrun "$work/TinyModel.java" "$work/tiny" 1 >"$log/setup-tiny.log" 2>&1 || { cat "$log/setup-tiny.log" >&2; exit 1; }
jrun "$work/TinyModel.java" "$work/tiny2" 2 >>"$log/setup-tiny.log" 2>&1 || exit 1
M="$work/tiny"
train_args=(--model "$M" --max_seq_length 16 --batch_size 8 --epochs 1 --threads 1)

"$nsw" train inbatch "${train_args[@]}" --train_set_file "$D/train.csv" --save_dir run --max_steps 4 \
    >"$log/setup-run.log" 2>&1 || { cat "$log/setup-run.log" >&2; exit 1; }
"$nsw" index --model "$M" --max_seq_length 16 --corpus "$D/corpus.csv" -o idx --hnsw_m 8 --hnsw_ef_construction 20 \
    --save_embeddings emb.npy >"$log/setup-index.log" 2>&1 || { cat "$log/setup-index.log" >&2; exit 1; }
"$nsw" recall --evaluate --model "$M" --max_seq_length 16 --index idx --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" \
    --trec_run first.trec -o recall.txt >"$log/setup-recall.log" 2>&1 || { cat "$log/setup-recall.log" >&2; exit 1; }
"$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --index bm25idx >"$log/setup-bm25.log" 2>&1 || { cat "$log/setup-bm25.log" >&2; exit 1; }
"$nsw" rank train --model "$M" --max_seq_length 32 --batch_size 8 --epochs 1 --max_steps 2 --threads 1 \
    --train_set_file "$D/train_triples.tsv" --save_dir ranker >"$log/setup-ranker.log" 2>&1 \
    || { cat "$log/setup-ranker.log" >&2; exit 1; }
# a user's own folder with files in it
mkuser() { mkdir -p "$1" && echo "my notes" >"$1/notes.txt" && echo "$1"; }
note "set-up done"

# ---------------------------------------------------------------------------------------------------------------
# rule 11 (issue 21): special files, concurrent writers, complete identities, a hardened server, the engine.
# Defined as a function so that AUDIT_ONLY=11 runs these cases alone after the set-up.

# Runs a command in a mount namespace whose /dev is a private copy (never the machine's own /dev/null): what nsw
# does to /dev/null there shows in $work/private-dev, which is that copy.
private_dev() {
    local pdev="$work/private-dev"
    rm -rf "$pdev" && mkdir -p "$pdev/shm" "$pdev/pts"
    local n
    for n in null zero full random urandom tty; do [ -e "/dev/$n" ] && cp -a "/dev/$n" "$pdev/$n"; done
    ln -s /proc/self/fd "$pdev/fd"
    ln -s /proc/self/fd/0 "$pdev/stdin"
    ln -s /proc/self/fd/1 "$pdev/stdout"
    ln -s /proc/self/fd/2 "$pdev/stderr"
    unshare -m bash -c 'mount --bind "$0" /dev && exec "$@"' "$pdev" "$@"
}
can_unshare() { unshare -m true 2>/dev/null; }

# one raw HTTP request (python3, standard library): prints the status line, headers and body; gives up after $3 s
http_raw() { # port request [timeout]
    python3 - "$1" "$2" "${3:-20}" <<'PY'
import socket, sys, time
port, req, timeout = int(sys.argv[1]), sys.argv[2].encode().decode("unicode_escape").encode("latin-1"), float(sys.argv[3])
s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
s.sendall(req)
data = b""
t0 = time.time()
try:
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    if not req.startswith(b"HEAD"):
        while len(body) < length:
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
    sys.stdout.write((head + b"\r\n\r\n" + body).decode("utf-8", "replace"))
    sys.stdout.write("\n# seconds %.2f\n" % (time.time() - t0))
except socket.timeout:
    sys.stdout.write(data.decode("utf-8", "replace") + "\n# timed out after %.0f s\n" % timeout)
PY
}

# records a case judged here: id rule case expected verdict observed
judged() { record "$1" "$2" "$3" "$4" "$6" "$5"; }

rule11() {
    note "rule 11: issue 21 cases"
    local port pid rc v o

    # --- item 1: outputs that are not regular files
    rm -f out.fifo fifo-got.txt && mkfifo out.fifo
    (timeout 150 cat out.fifo >fifo-got.txt) &
    local reader=$!
    check_fifo_out() {
        wait "$reader" 2>/dev/null
        [ -p out.fifo ] || echo "data-loss: out.fifo is no longer a FIFO"
        grep -q . fifo-got.txt || echo "bug: the FIFO's reader got nothing"
    }
    CHECK=check_fifo_out run_case 11.1 11 "bm25 -o FIFO (a reader waiting)" "exit 0, the reader gets the file, the FIFO stays a FIFO" 0 \
        "" "" -- timeout 120 "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --pairs "$D/test.csv" -o out.fifo

    rm -f late.fifo late-got.txt && mkfifo late.fifo
    ( for _ in $(seq 1 600); do grep -q "waiting for a reader" "$log/11.2.err" 2>/dev/null && break; sleep 0.2; done
      timeout 30 cat late.fifo >late-got.txt ) &
    reader=$!
    check_late() {
        wait "$reader" 2>/dev/null
        [ -p late.fifo ] || echo "data-loss: late.fifo is no longer a FIFO"
        grep -q . late-got.txt || echo "bug: the late reader got nothing"
    }
    CHECK=check_late run_case 11.2 11 "bm25 -o FIFO whose reader comes only after nsw waits" \
        "one line says what nsw waits for; exit 0 once the reader comes" 0 "waiting for a reader" "" \
        -- timeout 120 "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --pairs "$D/test.csv" -o late.fifo

    mkdir -p elsewhere && echo "old run" >elsewhere/run.trec && ln -sfn elsewhere/run.trec run-link.trec
    check_link() {
        [ -L run-link.trec ] || echo "data-loss: the link run-link.trec was replaced by a file"
        grep -q "Q0" elsewhere/run.trec || echo "bug: the link's target does not hold the run"
    }
    CHECK=check_link run_case 11.3 11 "bm25 --trec-run LINK (a symbolic link to a file in another folder)" \
        "exit 0, the link stays a link, its target holds the run" 0 "" "$D" \
        -- "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --pairs "$D/test.csv" --trec-run run-link.trec

    rm -rf bm25-real bm25-link && "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --pairs "$D/test.csv" --index bm25-real \
        >"$log/11.4-setup.log" 2>&1 && ln -sfn bm25-real bm25-link
    check_folder_link() {
        [ -L bm25-link ] || echo "data-loss: the link bm25-link was replaced by a folder"
        [ -f bm25-real/nsw-bm25.json ] || echo "bug: the folder the link names holds no index"
        [ -z "$(ls -A . | grep -E '^\.bm25-(real|link)\.(new|old|tmp)-')" ] || echo "poor: replace leftovers beside it"
    }
    CHECK=check_folder_link run_case 11.4 11 "bm25 --index LINK --rebuild (a symbolic link to nsw's BM25 folder)" \
        "exit 0, the link stays, the folder it names is rebuilt" 0 "" "$D" \
        -- "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --pairs "$D/test.csv" --index bm25-link --rebuild

    if can_unshare; then
        check_dev_null() {
            [ -c /dev/null ] || echo "data-loss: the machine's own /dev/null is not a device (restore: mknod -m 666 /dev/null c 1 3)"
            [ "$(stat -c '%F %t:%T' "$work/private-dev/null")" = "character special file 1:3" ] \
                || echo "data-loss: the private /dev/null became $(stat -c %F "$work/private-dev/null")"
            [ -z "$(ls -A "$work/private-dev" | grep '^\.')" ] || echo "poor: files left in /dev: $(ls -A "$work/private-dev" | grep '^\.' | head -3 | tr '\n' ' ')"
        }
        CHECK=check_dev_null run_case 11.5 11 "bm25 -o /dev/null --trec-run /dev/null (private /dev of a mount namespace)" \
            "exit 0, /dev/null stays a character device" 0 "" "" \
            -- private_dev "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --pairs "$D/test.csv" -o /dev/null --trec-run /dev/null
        CHECK=check_dev_null run_case 11.6 11 "embed --output /dev/null (private /dev)" \
            "exit 0, /dev/null stays a device, nothing written beside it" 0 "" "" \
            -- private_dev "$nsw" embed --model "$M" --input "$D/dev.csv" --output /dev/null
        check_stdout() {
            [ "$(grep -c ' Q0 ' "$2")" -gt 0 ] || echo "bug: the run did not reach stdout"
            [ "$(grep -m1 ' Q0 ' "$2" | awk '{print $4}')" = 1 ] || echo "bug: the run's first line is not rank 1 (overwritten?)"
            [ -L "$work/private-dev/stdout" ] || echo "data-loss: /dev/stdout is no longer a link"
        }
        CHECK=check_stdout run_case 11.7 11 "bm25 --trec-run /dev/stdout with stdout redirected to a file (private /dev)" \
            "exit 0, the whole run in the file after what nsw printed" 0 "" "" \
            -- private_dev "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --pairs "$D/test.csv" --trec-run /dev/stdout
    else
        for id in 11.5 11.6 11.7; do judged "$id" 11 "outputs in /dev (private mount namespace)" "exit 0, devices stay devices" n/a "unshare -m is not allowed here"; done
    fi

    rm -f in.fifo && mkfifo in.fifo
    ( for _ in $(seq 1 600); do grep -q "waiting for a writer" "$log/11.8.err" 2>/dev/null && break; sleep 0.2; done
      timeout 30 sh -c 'cat "$0" >in.fifo' "$D/corpus.csv" ) &
    run_case 11.8 11 "data check FIFO with no writer yet" "one line says what nsw waits for; exit 0 once a writer comes" 0 \
        "waiting for a writer" "" -- timeout 120 "$nsw" data check in.fifo
    wait

    # --- items 3 and 4: one writer per embedding file; an embedding's whole identity
    # two inputs of 30,000 texts (long enough for the two writers to overlap), the second the first reversed
    python3 - <<'PY'
import random
random.seed(7)
w = ["北京", "天气", "如何", "学习", "深度", "模型", "检索", "向量", "今天", "上海", "医院", "手机"]
with open("long-input.txt", "w") as f:
    for i in range(30000):
        f.write("".join(random.choice(w) for _ in range(8)) + str(i) + "\n")
PY
    tac long-input.txt >long-input-b.txt
    rm -f same.npy .same.npy.*
    ("$nsw" embed --model "$M" --input long-input.txt --output same.npy >"$log/11.9.a.out" 2>"$log/11.9.a.err"; echo $? >"$log/11.9.a.rc") &
    ("$nsw" embed --model "$M" --input long-input-b.txt --output same.npy >"$log/11.9.b.out" 2>"$log/11.9.b.err"; echo $? >"$log/11.9.b.rc") &
    wait
    "$nsw" embed --model "$M" --input long-input.txt --output ref-a.npy >/dev/null 2>&1
    "$nsw" embed --model "$M" --input long-input-b.txt --output ref-b.npy >/dev/null 2>&1
    o="exits $(cat "$log/11.9.a.rc") and $(cat "$log/11.9.b.rc")"
    if cmp -s same.npy ref-a.npy || cmp -s same.npy ref-b.npy; then v=good; else v=bug; o="$o; same.npy is neither input's embedding (mixed)"; fi
    if [ "$(cat "$log/11.9.a.rc")$(cat "$log/11.9.b.rc")" != 00 ]; then
        local loser; loser="$(grep -l "nsw: error" "$log/11.9.a.err" "$log/11.9.b.err" | head -1)"
        o="$o; loser: $(first_line "$loser")"
        grep -q "in use by process" "$loser" || v=poor
    fi
    judged 11.9 11 "two 'embed --output same.npy' of different inputs at once" \
        "one exits 0, the other 1 'in use by process N'; same.npy is wholly one input's" "$v" "$o"

    rm -f race.npy race.npy.model-id .race.npy.*
    ("$nsw" search --model "$M" --corpus long-input.txt --query 北京天气 --corpus_embeddings race.npy \
        >"$log/11.10.a.out" 2>"$log/11.10.a.err"; echo $? >"$log/11.10.a.rc") &
    ("$nsw" search --model "$M" --corpus long-input-b.txt --query 北京天气 --corpus_embeddings race.npy \
        >"$log/11.10.b.out" 2>"$log/11.10.b.err"; echo $? >"$log/11.10.b.rc") &
    wait
    check_race_cache() {
        local r; r="$(cat "$log/11.10.a.rc")$(cat "$log/11.10.b.rc")"
        [ "$r" = 00 ] || grep -q "in use by process" "$log/11.10.a.err" "$log/11.10.b.err" \
            || echo "poor: a racer failed without the lock's line ($r)"
        check_same_metrics "$@"
    }
    CHECK=check_race_cache run_case 11.10 11 "two 'search --corpus_embeddings C' of 30,000-text corpora at once, then C with a third corpus" \
        "the loser refused 'in use by process N'; C never read for the wrong corpus (same metrics as without a cache)" 0 \
        "" "" -- "$nsw" search --model "$M" --corpus "$D/corpus.csv" --pairs "$D/test.csv" --corpus_embeddings race.npy

    rm -f len.npy .len.npy.*
    "$nsw" embed --model "$M" --max_seq_length 16 --input long-input.txt --output len.npy >"$log/11.11-kill.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 1200); do
        [ -f .len.npy.progress ] && [ "$(tail -1 .len.npy.progress)" -ge 2048 ] 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    "$nsw" embed --model "$M" --max_seq_length 4 --input long-input.txt --output len-ref.npy >/dev/null 2>&1
    check_len() {
        cmp -s len.npy len-ref.npy || echo "bug: the file differs from a fresh embedding at 4 tokens (two lengths mixed?)"
    }
    if [ -f .len.npy.partial ]; then
        CHECK=check_len run_case 11.11 11 "embed killed at max_seq_length 16, run again at 4 (same model, input, output)" \
            "not resumed, one line says max_seq_length 16 vs 4; the file equals a fresh embedding at 4" 0 \
            "max_seq_length 16, this run 4" "" \
            -- "$nsw" embed --model "$M" --max_seq_length 4 --input long-input.txt --output len.npy
    else
        judged 11.11 11 "embed killed at max_seq_length 16, run again at 4" "not resumed" n/a "the kill came too late: no partial file to resume"
    fi

    rm -f c16.npy c16.npy.model-id
    "$nsw" search --model "$M" --max_seq_length 16 --corpus "$D/corpus.csv" --pairs "$D/test.csv" --corpus_embeddings c16.npy \
        >"$log/11.12-cache.log" 2>&1
    "$nsw" search --model "$M" --max_seq_length 4 --corpus "$D/corpus.csv" --pairs "$D/test.csv" >"$log/search-len4.out" 2>&1
    check_len4() {
        [ "$(r1_of "$2")" = "$(r1_of "$log/search-len4.out")" ] \
            || echo "bug: metrics differ from a search at 4 tokens without a cache ($(r1_of "$2") vs $(r1_of "$log/search-len4.out"))"
    }
    CHECK=check_len4 run_case 11.12 11 "search --corpus_embeddings C made at max_seq_length 16, read at 4" \
        "re-embedded with one line naming max_seq_length; metrics of a search at 4" 0 "max_seq_length 16, this run 4" "" \
        -- "$nsw" search --model "$M" --max_seq_length 4 --corpus "$D/corpus.csv" --pairs "$D/test.csv" --corpus_embeddings c16.npy

    # --- poor messages: a full disk (a 5 MB tmpfs of a private mount namespace)
    if can_unshare; then
        mkdir -p full
        full_disk() { # size command...: runs the command with a fresh tmpfs of that size at $work/full, lists it after
            local size="$1"; shift
            unshare -m bash -c 'mount -t tmpfs -o size="$1" tmpfs "$0" && { "${@:2}"; rc=$?; ls -A "$0" >"$0.ls"; exit $rc; }' \
                "$work/full" "$size" "$@"
        }
        check_full_npy() {
            grep -q "\.big\.npy\.partial" "$3" || echo "poor: does not name the partial file"
            grep -qi "delete" "$3" || echo "poor: does not say how to free the space"
        }
        CHECK=check_full_npy run_case 11.13 11 "embed --output FULL/big.npy on a disk (200 KB) that fills after the first chunk" \
            "exit 1, one line: the file, 'no space left', the partial file kept and how to delete it" 1 \
            "big.npy.*no space left" "" -- full_disk 200k "$nsw" embed --model "$M" --input long-input.txt --output "$work/full/big.npy"
        check_full_trec() {
            grep -q "^\.run\.trec\..*\.tmp" "$work/full.ls" && echo "poor: a temporary .run.trec.*.tmp holds the disk full"
            true
        }
        CHECK=check_full_trec run_case 11.14 11 "bm25 --trec-run FULL/run.trec on a full disk (16 KB)" \
            "exit 1, one line naming run.trec and 'no space left'; no temporary left" 1 "run.trec.*no space left" "" \
            -- full_disk 16k "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --pairs "$D/test.csv" --recall_num 100 \
            --trec-run "$work/full/run.trec"
    else
        judged 11.13 11 "full disk (tmpfs)" "one line" n/a "unshare -m is not allowed here"
        judged 11.14 11 "full disk (tmpfs)" "one line" n/a "unshare -m is not allowed here"
    fi

    # --- item 5: readers during rebuilds (real processes)
    rm -rf idx-race && "$nsw" index --model "$M" --corpus "$D/corpus.csv" -o idx-race --M 8 --ef_construction 20 >/dev/null 2>&1
    readers_during() { # id what rebuild-command... -- read-command...: 5 rebuilds, 2 reader loops until they end
        local id="$1" what="$2"; shift 2
        local rebuild=() read=()
        while [ "$1" != "--" ]; do rebuild+=("$1"); shift; done
        shift
        read=("$@")
        rm -f "$log/$id".*
        ( for i in 1 2 3 4 5; do "${rebuild[@]}" >>"$log/$id.rebuild.log" 2>&1 || echo "rebuild $i failed" >>"$log/$id.rebuild.log"; done
          touch "$log/$id.done" ) &
        local r
        for r in a b; do
            ( n=0; while [ ! -f "$log/$id.done" ]; do
                  n=$((n + 1))
                  "${read[@]}" >"$log/$id.$r.$n.out" 2>"$log/$id.$r.$n.err" || echo "$n" >>"$log/$id.failed"
              done; echo "$n" >"$log/$id.$r.count" ) &
        done
        wait
        local reads=$(( $(cat "$log/$id.a.count") + $(cat "$log/$id.b.count") ))
        local failed=0; [ -f "$log/$id.failed" ] && failed="$(wc -l <"$log/$id.failed")"
        local o="$reads reads during 5 rebuilds, $failed failed"
        local v=good
        if [ "$failed" -gt 0 ]; then
            v=bug
            o="$o: $(first_line "$(ls "$log/$id".*.err | xargs grep -l "error" | head -1)")"
        fi
        grep -q "failed" "$log/$id.rebuild.log" && { v=bug; o="$o; a rebuild failed"; }
        judged "$id" 11 "$what" "no reader fails; every read sees an index whole" "$v" "$o"
    }
    readers_during 11.15 "recall --index I while 'index -o I' rebuilds it 5 times" \
        "$nsw" index --model "$M" --corpus "$D/corpus.csv" -o idx-race --M 8 --ef_construction 20 \
        -- "$nsw" recall --evaluate --model "$M" --index idx-race --corpus "$D/corpus.csv" --pairs "$D/test.csv"
    readers_during 11.16 "bm25 --index B while 'bm25 --index B --rebuild' rebuilds it 5 times" \
        "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --pairs "$D/test.csv" --index bm25idx --rebuild \
        -- "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --pairs "$D/test.csv" --index bm25idx

    # --- item 2 and 9, poor messages: the server (BM25 only: starts in seconds)
    "$nsw" serve --corpus "$D/corpus.csv" --bm25_only --port 0 >"$log/serve.out" 2>"$log/serve.err" &
    pid=$!
    for _ in $(seq 1 300); do grep -q "serving on" "$log/serve.out" 2>/dev/null && break; sleep 0.2; done
    port="$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log/serve.out")"
    local body='{"query": "蓝鲸登不进去了", "k": 3, "mode": "bm25"}'
    local len; len="$(printf '%s' "$body" | wc -c)"
    local host="Host: 127.0.0.1:$port\r\n" json="Content-Type: application/json\r\n"
    post_raw() { http_raw "$port" "POST /search HTTP/1.1\r\n$1Content-Length: $len\r\nConnection: close\r\n\r\n$body"; }
    serve_case() { # id case expected want-status response-file [must-not-contain]
        local got; got="$(head -1 "$5" | tr -d '\r')"
        local v=good
        [[ "$got" == *" $4 "* ]] || v=bug
        if [ -n "${6:-}" ] && grep -q -- "$6" "$5"; then v=bug; fi # corpus text given to a forged request
        judged "$1" 11 "$2" "$3" "$v" "$got; $(grep -o '"error":"[^"]*' "$5" | head -1 | cut -c10-150)"
    }
    post_raw "Host: attacker.example\r\nOrigin: http://evil.example\r\nContent-Type: text/plain\r\n" >"$log/11.17.out"
    serve_case 11.17 "POST /search with Host attacker.example, Origin evil.example, text/plain (DNS rebinding)" \
        "403, no corpus text" 403 "$log/11.17.out" "hits"
    post_raw "${host}Origin: http://evil.example\r\n$json" >"$log/11.18.out"
    serve_case 11.18 "POST /search from a foreign Origin (right Host)" "403" 403 "$log/11.18.out" "hits"
    post_raw "${host}Content-Type: text/plain\r\n" >"$log/11.19.out"
    serve_case 11.19 "POST /search with Content-Type text/plain (a cross-site 'simple request')" "415" 415 "$log/11.19.out" "hits"
    http_raw "$port" "OPTIONS /search HTTP/1.1\r\n${host}Origin: http://evil.example\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n" \
        >"$log/11.20.out"
    if grep -qi "access-control-allow" "$log/11.20.out"; then v=bug; else v=good; fi
    judged 11.20 11 "CORS preflight (OPTIONS) from another site" "no Access-Control-Allow-* header" "$v" "$(head -1 "$log/11.20.out" | tr -d '\r')"
    http_raw "$port" "POST /search HTTP/1.1\r\n$host${json}Content-Length: 1000000000000\r\n\r\n{\"query\"" 10 >"$log/11.21.out"
    serve_case 11.21 "POST with Content-Length 10^12 and a tiny body" "413 at once (not held open)" 413 "$log/11.21.out"
    local bad i=22
    for bad in '{"query": "x"} trailing' '{"query": "x"}{"query": "y"}' '{"query": "x", "query": "y"}'; do
        printf '%s' "$bad" >"$log/11.$i.body"
        curl -s -i --max-time 20 "http://127.0.0.1:$port/search" -H 'Content-Type: application/json' \
            --data-binary "@$log/11.$i.body" >"$log/11.$i.out"
        serve_case "11.$i" "POST /search body: $bad" "400" 400 "$log/11.$i.out"
        i=$((i + 1))
    done
    http_raw "$port" "HEAD /health HTTP/1.1\r\n${host}Connection: close\r\n\r\n" >"$log/11.25.out"
    v=good; o="$(head -1 "$log/11.25.out" | tr -d '\r')"
    [[ "$o" == *" 200 "* ]] || v=bug
    grep -q '"status"' "$log/11.25.out" && { v=bug; o="$o; a body was sent"; }
    grep -qi "warning" "$log/serve.err" && { v=poor; o="$o; $(grep -i -m1 warning "$log/serve.err")"; }
    judged 11.25 11 "HEAD /health" "200, no body, no JDK warning" "$v" "$o"
    http_raw "$port" "GET /openapi.json HTTP/1.1\r\n${host}Connection: close\r\n\r\n" >"$log/11.26.out"
    if grep -q "http://127.0.0.1:$port\"" "$log/11.26.out"; then v=good; else v=bug; fi
    judged 11.26 11 "GET /openapi.json on port $port" "names the port served" "$v" "$(grep -o '"url" *: *"[^"]*"' "$log/11.26.out" | head -1)"
    # SIGTERM while a request's body is still arriving: it is answered, then the server exits 0
    python3 - "$port" "$pid" "$body" >"$log/11.27.out" 2>&1 <<'PY'
import os, signal, socket, sys, time
port, pid, body = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].encode()
s = socket.create_connection(("127.0.0.1", port), timeout=60)
s.sendall(b"POST /search HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % (port, len(body)) + body[:10])
time.sleep(0.5)
os.kill(pid, signal.SIGTERM)
time.sleep(3)
s.sendall(body[10:])
data = b""
while True:
    c = s.recv(65536)
    if not c:
        break
    data += c
print(data.split(b"\r\n")[0].decode())
PY
    local t0=$SECONDS
    wait "$pid"; rc=$?
    o="$(head -1 "$log/11.27.out"); server exit $rc after $((SECONDS - t0)) s more"
    if [[ "$(head -1 "$log/11.27.out")" == *" 200 "* ]] && [ "$rc" = 0 ]; then v=good; else v=bug; fi
    judged 11.27 11 "SIGTERM during a request whose body is still arriving (3 s later)" "the request answered 200, then exit 0" "$v" "$o"
    # a bearer token
    NSW_SERVE_TOKEN=s3cret-audit "$nsw" serve --corpus "$D/corpus.csv" --bm25_only --port 0 >"$log/serve2.out" 2>"$log/serve2.err" &
    pid=$!
    for _ in $(seq 1 300); do grep -q "serving on" "$log/serve2.out" 2>/dev/null && break; sleep 0.2; done
    port="$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log/serve2.out")"
    local without with
    without="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")"
    with="$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer s3cret-audit' "http://127.0.0.1:$port/health")"
    if [ "$without$with" = 401200 ]; then v=good; else v=bug; fi
    judged 11.28 11 "serve with NSW_SERVE_TOKEN: GET /health without and with the token" "401, then 200" "$v" "$without, then $with"
    kill -TERM "$pid"; wait "$pid"

    # --- item 8 and a poor message: the engine (a 1-node cluster, started here; a few minutes)
    if [ -n "${AUDIT_SKIP_ENGINE:-}" ]; then
        for id in 11.29 11.30 11.31 11.32; do judged "$id" 11 "engine" "-" n/a "skipped (AUDIT_SKIP_ENGINE)"; done
        return
    fi
    "$nsw" engine start --nodes 1 --data "$work/engine" --heap 512m >"$log/engine-start.out" 2>"$log/engine-start.err"
    local url; url="$(head -1 "$log/engine-start.out")"
    check_replicas() {
        grep -q "0 replicas instead of 1" "$3" || echo "poor: does not say the replicas were lowered"
        [ "$(curl -s "$url/helpdesk/_settings" | python3 -c 'import json,sys; print(json.load(sys.stdin)["helpdesk"]["settings"]["index"]["number_of_replicas"])')" = 0 ] \
            || echo "bug: the index was not created with 0 replicas"
    }
    local t1=$SECONDS
    CHECK=check_replicas run_case 11.29 11 "push to a 1-node cluster with the default --replicas 1" \
        "exit 0 well within 60 s; says at once it uses 0 replicas" 0 "" "" \
        -- "$nsw" push --model "$M" --engine "$url" --name helpdesk --corpus "$D/corpus.csv"
    note "   (push took $((SECONDS - t1)) s)"
    local id # five documents deleted (the node has no delete-by-query module)
    for id in $(curl -s "$url/helpdesk/_search?size=5&_source=false" \
        | python3 -c 'import json, sys; print("\n".join(h["_id"] for h in json.load(sys.stdin)["hits"]["hits"]))'); do
        curl -s -X DELETE "$url/helpdesk/_doc/$id?refresh=true" >/dev/null
    done
    run_case 11.30 11 "recall --engine on an index holding 5 documents fewer than its _meta says (a push that timed out)" \
        "exit 1, one line: holds N of M documents" 1 "holds .* of the .* documents" "" \
        -- "$nsw" recall --evaluate --model "$M" --engine "$url" --name helpdesk --corpus "$D/corpus.csv" --pairs "$D/test.csv"
    run_case 11.31 11 "engine stop" "exit 0" 0 "stopped" "" -- "$nsw" engine stop --data "$work/engine"
    run_case 11.32 11 "engine stop a second time" "exit 0, says nothing is running" 0 "nothing to stop" "" \
        -- "$nsw" engine stop --data "$work/engine"
}

printf 'id\trule\tcase\texpected\tobserved\tverdict\n'

# the functions the cases share are defined above; rule 11 uses a few of rule 6's
r1_of() { grep -m1 -E 'R@1|Recall@1' "$1" | tr -s ' \t' ' '; }
if [ "${AUDIT_ONLY:-}" = 11 ]; then
    "$nsw" search --model "$M" --corpus "$D/corpus.csv" --pairs "$D/test.csv" >"$log/search-baseline.out" 2>&1
    check_same_metrics() {
        [ "$(r1_of "$2")" = "$(r1_of "$log/search-baseline.out")" ] \
            || echo "bug: metrics differ from a search without a cache ($(r1_of "$2") vs $(r1_of "$log/search-baseline.out"))"
    }
    rule11
    echo "# rows $rows: good ${counts[good]}, poor ${counts[poor]}, bug ${counts[bug]}, data-loss ${counts[data-loss]}, n/a ${counts[n/a]:-0}"
    note "done: $rows cases; logs in $log"
    exit 0
fi

# ---------------------------------------------------------------------------------------------------------------
# rule 1: never delete or overwrite what nsw did not create

U="$(mkuser "$work/u-bm25")"
run_case 1.1 1 "bm25 --index USERDIR --rebuild (a folder of the user's files)" "exit 1, names the folder" 1 \
    "u-bm25.*not created by nsw" "$U" -- "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --index "$U" --rebuild
run_case 1.2 1 "bm25 --index DATA --rebuild where DATA holds the input files" "exit 1, nothing deleted" 1 \
    "input" "$D" -- "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --index "$D" --rebuild
U="$(mkuser "$work/u-index")"
echo "my vectors" >"$U/hnsw-mine.bin"
echo "my ids" >"$U/ids-mine.txt"
echo "my exact" >"$U/exact-1.npy"
run_case 1.3 1 "index -o USERDIR holding hnsw-*.bin / ids-*.txt / exact-*.npy of the user" "exit 1, files kept" 1 \
    "not created by nsw" "$U" -- "$nsw" index --model "$M" --corpus "$D/corpus.csv" -o "$U"
U="$(mkuser "$work/u-train")"
run_case 1.4 1 "train inbatch --save_dir USERDIR (not a run)" "exit 1, files kept" 1 "not created by nsw|holds" "$U" \
    -- "$nsw" train inbatch "${train_args[@]}" --train_set_file "$D/train.csv" --save_dir "$U" --max_steps 1
U="$(mkuser "$work/u-rank")"
run_case 1.5 1 "rank train --save_dir USERDIR" "exit 1, files kept" 1 "not created by nsw|holds" "$U" \
    -- "$nsw" rank train --model "$M" --max_seq_length 32 --max_steps 1 --train_set_file "$D/train_triples.tsv" --save_dir "$U"
U="$(mkuser "$work/u-export")"
run_case 1.6 1 "export --output USERDIR" "exit 1, files kept" 1 "u-export" "$U" \
    -- "$nsw" export --model "$M" --output "$U"
U="$(mkuser "$work/u-map")"
echo "my picture" >"$U/map.png"
run_case 1.7 1 "map --output USERDIR holding the user's own map.png" "exit 1, files kept" 1 "u-map" "$U" \
    -- "$nsw" map --model "$M" --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --output "$U"
U="$(mkuser "$work/u-synth")"
run_case 1.8 1 "data synth -o USERDIR (not empty)" "exit 1, files kept" 1 "u-synth" "$U" \
    -- "$nsw" data synth --docs 50 --query_count 5 -o "$U"
run_case 1.9 1 "bm25 --index NSW_INDEX --rebuild (its own index)" "exit 0, rebuilt" 0 "" "$D" \
    -- "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --index bm25idx --rebuild
echo "mine" >idx/notes.txt
run_case 1.10 1 "index -o NSW_INDEX again, with a user file put inside it" "exit 0, the user's file kept" 0 "" \
    "idx/notes.txt $D" -- "$nsw" index --model "$M" --corpus "$D/corpus.csv" -o idx --hnsw_m 8 --hnsw_ef_construction 20

# ---------------------------------------------------------------------------------------------------------------
# rule 2: an output is never one of the inputs (every command that writes)

mkdir -p links
ln -sf "$D/test.csv" links/test-link.csv
ln -f "$D/test.csv" links/test-hard.csv 2>/dev/null || cp "$D/test.csv" links/test-hard.csv
run_case 2.1 2 "bm25 --similar_text_pair P -o P" "exit 1, P kept" 1 "is also an input" "$D" \
    -- "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" -o "$D/test.csv"
run_case 2.2 2 "bm25 --trec_run DIR/x/../corpus.csv (the corpus, spelled otherwise)" "exit 1" 1 "is also an input" "$D" \
    -- "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --trec_run "$D/x/../corpus.csv"
run_case 2.3 2 "recall --similar_text_pair P --output P" "exit 1" 1 "is also an input" "$D" \
    -- "$nsw" recall --evaluate --model "$M" --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --output "$D/test.csv"
run_case 2.4 2 "recall --trec_run LINK where LINK is a symlink to the pairs file" "exit 1" 1 "is also an input" "$D" \
    -- "$nsw" recall --evaluate --model "$M" --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --trec_run links/test-link.csv
run_case 2.5 2 "recall --trec_run HARDLINK of the pairs file (same file, other name)" "exit 1" 1 "is also an input" "$D" \
    -- "$nsw" recall --evaluate --model "$M" --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --trec_run links/test-hard.csv
run_case 2.6 2 "embed --input F --output F" "exit 1" 1 "is also an input" "$D" \
    -- "$nsw" embed --model "$M" --input "$D/corpus.csv" --output "$D/corpus.csv"
run_case 2.7 2 "index --corpus C -o C" "exit 1" 1 "is also an input|is a file" "$D" \
    -- "$nsw" index --model "$M" --corpus "$D/corpus.csv" -o "$D/corpus.csv"
run_case 2.8 2 "index --save_embeddings C (the corpus)" "exit 1" 1 "is also an input" "$D" \
    -- "$nsw" index --model "$M" --corpus "$D/corpus.csv" -o idx-2 --save_embeddings "$D/corpus.csv"
run_case 2.9 2 "predict --input P --output P (predict writes stdout only)" "exit 2 (no such option), P kept" 2 \
    "Unknown option|--output" "$D" -- "$nsw" predict --model "$M" --input "$D/test.csv" --output "$D/test.csv"
cp first.trec first-copy.trec
run_case 2.10 2 "evaluate --trec_run RUN (reads only)" "exit 0, RUN unchanged" 0 "R@1|Recall@1" "first.trec" \
    -- "$nsw" evaluate --similar_text_pair "$D/test.csv" --corpus "$D/corpus.csv" --trec_run first.trec
run_case 2.11 2 "export --model DIR --output DIR (the model's own folder)" "exit 1, model kept" 1 "" "run/final" \
    -- "$nsw" export --model run/final --output run/final
run_case 2.12 2 "map --output DATA (the folder of its inputs)" "exit 1" 1 "input" "$D" \
    -- "$nsw" map --model "$M" --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --output "$D"
run_case 2.13 2 "map --corpus_embeddings C (the corpus)" "exit 1" 1 "is also an input" "$D" \
    -- "$nsw" map --model "$M" --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --corpus_embeddings "$D/corpus.csv" --output map1
run_case 2.14 2 "search --corpus_embeddings C (the corpus)" "exit 1" 1 "is also an input" "$D" \
    -- "$nsw" search --model "$M" --corpus "$D/corpus.csv" --query 蓝鲸 --corpus_embeddings "$D/corpus.csv"
run_case 2.15 2 "rank predict --input F (writes stdout only)" "exit 0, F kept" 0 "" "$D" \
    -- "$nsw" rank predict --reranker ranker/final --input "$D/test_labeled.tsv"
run_case 2.16 2 "rank rerank --first_stage RUN --trec_run RUN" "exit 1, RUN kept" 1 "is also an input" "first.trec" \
    -- "$nsw" rank rerank --reranker ranker/final --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" \
    --first_stage first.trec --trec_run first.trec
run_case 2.17 2 "rank mine --pairs P -o P" "exit 1" 1 "is also an input" "$D" \
    -- "$nsw" rank mine --pairs "$D/test.csv" --corpus "$D/corpus.csv" -o "$D/test.csv"
run_case 2.18 2 "data synth -o FILE (an existing data file)" "exit 1, file kept" 1 "corpus.csv" "$D" \
    -- "$nsw" data synth --docs 50 --query_count 5 -o "$D/corpus.csv"
run_case 2.19 2 "train inbatch --train_set_file T --save_dir T" "exit 1" 1 "is also an input" "$D" \
    -- "$nsw" train inbatch "${train_args[@]}" --train_set_file "$D/train.csv" --save_dir "$D/train.csv"
run_case 2.20 2 "rank train --train_set_file T --save_dir T" "exit 1" 1 "is also an input" "$D" \
    -- "$nsw" rank train --model "$M" --train_set_file "$D/train_triples.tsv" --save_dir "$D/train_triples.tsv"

# ---------------------------------------------------------------------------------------------------------------
# rule 3: a finished run is not wiped by a rerun; --resume must match

run_case 3.1 3 "train inbatch into a finished --save_dir" "exit 1, names --resume/--overwrite, run kept" 1 \
    "--resume.*--overwrite|--overwrite.*--resume" "run" \
    -- "$nsw" train inbatch "${train_args[@]}" --train_set_file "$D/train.csv" --save_dir run --max_steps 4
run_case 3.2 3 "train --resume with another training file" "exit 1, names the training file" 1 "training file" "run" \
    -- "$nsw" train inbatch "${train_args[@]}" --train_set_file "$D/dev.csv" --save_dir run --max_steps 4 --resume
run_case 3.3 3 "train --resume with another model" "exit 1, names the model" 1 "model" "run" \
    -- "$nsw" train inbatch --model "$work/tiny2" --max_seq_length 16 --batch_size 8 --epochs 1 --threads 1 \
    --train_set_file "$D/train.csv" --save_dir run --max_steps 4 --resume
run_case 3.4 3 "train --resume with another max_seq_length" "exit 1, names max_seq_length" 1 "max_seq_length" "run" \
    -- "$nsw" train inbatch --model "$M" --max_seq_length 24 --batch_size 8 --epochs 1 --threads 1 \
    --train_set_file "$D/train.csv" --save_dir run --max_steps 4 --resume
run_case 3.5 3 "rank train into a finished --save_dir" "exit 1, run kept" 1 "--resume|--overwrite" "ranker" \
    -- "$nsw" rank train --model "$M" --max_seq_length 32 --batch_size 8 --epochs 1 --max_steps 2 --threads 1 \
    --train_set_file "$D/train_triples.tsv" --save_dir ranker
run_case 3.6 3 "train --resume into an empty new folder" "exit 1, nothing to resume" 1 "checkpoint|resume" "$D" \
    -- "$nsw" train inbatch "${train_args[@]}" --train_set_file "$D/train.csv" --save_dir run-none --resume
cp -r run run-over
check_overwritten() { grep -q dev.csv run-over/run.json || echo "bug: run.json does not name the new training file"; }
CHECK=check_overwritten run_case 3.7 3 "train --overwrite into a finished --save_dir" "exit 0, the run replaced" 0 "" "$D" \
    -- "$nsw" train inbatch "${train_args[@]}" --train_set_file "$D/dev.csv" --save_dir run-over --max_steps 2 --overwrite

# ---------------------------------------------------------------------------------------------------------------
# rule 4: one writer per folder (two writers started together)

two_writers() { # id rule case target-check -- command (run twice at once)
    local id="$1" rule="$2" desc="$3" verify="$4"
    shift 5
    ("$@" >"$log/$id.a.out" 2>"$log/$id.a.err"; echo $? >"$log/$id.a.rc") &
    local a=$!
    ("$@" >"$log/$id.b.out" 2>"$log/$id.b.err"; echo $? >"$log/$id.b.rc") &
    local b=$!
    wait $a $b
    local ra rb verdict observed loser
    ra="$(cat "$log/$id.a.rc")"
    rb="$(cat "$log/$id.b.rc")"
    if [ "$ra$rb" = "01" ]; then loser=b; elif [ "$ra$rb" = "10" ]; then loser=a; else loser=""; fi
    observed="exits $ra and $rb"
    if [ -n "$loser" ]; then
        observed="$observed; loser: $(first_line "$log/$id.$loser.err")"
        if ! grep -q "in use by process" "$log/$id.$loser.err"; then
            verdict=poor
        elif $verify; then verdict=good; else verdict=bug; observed="$observed; result does not open"; fi
    elif [ "$ra$rb" = "00" ]; then
        # one after the other is fine too, if the result is sound
        if $verify; then verdict=good; observed="$observed (serialised)"; else verdict=bug; fi
    else
        verdict=bug
    fi
    record "$id" "$rule" "$desc" "one exits 0, the other 1 'in use by process N'; the result opens" "$observed" "$verdict"
}
idx_opens() { "$nsw" recall --evaluate --model "$M" --index idx-two --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" >/dev/null 2>&1; }
bm25_opens() { "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --index bm25-two >/dev/null 2>&1; }
run_opens() { [ -f run-two/final/model.safetensors ] && "$nsw" embed --model run-two/final --input "$D/dev.csv" --output two.npy >/dev/null 2>&1; }
two_writers 4.1 4 "two 'index -o I' at once" idx_opens \
    -- "$nsw" index --model "$M" --corpus "$D/corpus.csv" -o idx-two --hnsw_m 8 --hnsw_ef_construction 20
two_writers 4.2 4 "two 'bm25 --index I --rebuild' at once" bm25_opens \
    -- "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --index bm25-two --rebuild
two_writers 4.3 4 "two 'train --save_dir R' at once" run_opens \
    -- "$nsw" train inbatch "${train_args[@]}" --train_set_file "$D/train.csv" --save_dir run-two --max_steps 20

# ---------------------------------------------------------------------------------------------------------------
# rule 5: crash-safe replace (kill -9 mid-training and mid-save; the state a kill between renames leaves)

long_train=(train inbatch --model "$M" --max_seq_length 16 --batch_size 8 --threads 1 --epochs 30 --max_steps 80
    --save_steps 5 --train_set_file "$D/train.csv")
kill_mid_training() { # save_dir: starts a long training, kills it -9 once a checkpoint exists
    "$nsw" "${long_train[@]}" --save_dir "$1" >"$log/kill-$1.log" 2>&1 &
    local pid=$!
    for _ in $(seq 1 600); do
        [ -f "$1/checkpoint/trainer-state.json" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    sleep 1
    # ./nsw execs java, so $! is the JVM (the stderr filter is a child of it)
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}
kill_mid_training run-kill
check_resumed() { [ -f run-kill/final/model.safetensors ] || echo "bug: no final model after the resume"; }
CHECK=check_resumed run_case 5.1 5 "kill -9 mid-training, then --resume" "exit 0, continues from the checkpoint" 0 \
    "step" "" -- "$nsw" "${long_train[@]}" --save_dir run-kill --resume
kill_mid_training run-renames
# what a kill after rename 2 of 3 of a checkpoint save leaves: the complete new copy staged, the old moved aside
cp -r run-renames/checkpoint run-renames/.checkpoint.new-99999999
mv run-renames/checkpoint run-renames/.checkpoint.old-99999999
check_recovered() {
    [ -z "$(ls -A run-renames | grep '^\.checkpoint\.')" ] || echo "poor: .checkpoint.* copies left behind"
}
CHECK=check_recovered run_case 5.2 5 "kill between the renames of a checkpoint save (state made by hand), then --resume" \
    "exit 0, the newest complete copy used, temporaries cleaned" 0 "step" "" \
    -- "$nsw" "${long_train[@]}" --save_dir run-renames --resume
# what a kill -9 in the middle of an index save leaves inside the folder (made by hand, as in 5.2): the save's
# journal of the names it was creating, a complete data file index.json does not name yet, and a half-written one
# under its temporary name; plus a user's file that looks like nsw's, which must stay
printf 'hnsw-1a2b3c-dead.bin\nids-1a2b3c-dead.txt\nindex.json\n' >idx/.nsw-index-save
echo complete >idx/hnsw-1a2b3c-dead.bin
echo partial >idx/.ids-1a2b3c-dead.txt.k1l2m3.tmp
echo mine >idx/hnsw-users-own.bin
check_tmp_cleaned() {
    [ ! -e idx/.ids-1a2b3c-dead.txt.k1l2m3.tmp ] || echo "poor: the half-written temporary is still there"
    [ ! -e idx/hnsw-1a2b3c-dead.bin ] || echo "poor: the uncommitted data file is still there"
    [ -e idx/hnsw-users-own.bin ] || echo "data-loss: the user's hnsw-users-own.bin was deleted"
}
CHECK=check_tmp_cleaned run_case 5.3 5 "a half-written temporary from a killed index save, then index -o idx again" \
    "exit 0, the temporary cleaned" 0 "" "$D" \
    -- "$nsw" index --model "$M" --corpus "$D/corpus.csv" -o idx --hnsw_m 8 --hnsw_ef_construction 20
record 5.4 5 "a kill injected at every rename of a folder replace (not injectable from the CLI)" \
    "the newest complete copy recovered" \
    "covered in JUnit: io.SafeWritesTest.aCrashAtAnyRenameIsRecoveredToTheNewestCompleteCopy, cli.SafetyCliTest.aKillBetweenTheRenamesOfACheckpointSaveResumes" \
    good

# ---------------------------------------------------------------------------------------------------------------
# rule 6: embeddings and indexes are bound to their corpus

run_case 6.1 6 "recall --index I with a shuffled copy of I's corpus" "exit 1, names both corpora" 1 \
    "corpus" "" -- "$nsw" recall --evaluate --model "$M" --index idx --corpus "$D/corpus-shuffled.csv" --similar_text_pair "$D/test.csv"
run_case 6.2 6 "recall --index I with the corpus, one line edited (same size)" "exit 1" 1 "corpus" "" \
    -- "$nsw" recall --evaluate --model "$M" --index idx --corpus "$D/corpus-edited.csv" --similar_text_pair "$D/test.csv"
"$nsw" search --model "$M" --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" >"$log/search-baseline.out" 2>&1
r1_of() { grep -m1 -E 'R@1|Recall@1' "$1" | tr -s ' \t' ' '; }
check_same_metrics() {
    [ "$(r1_of "$2")" = "$(r1_of "$log/search-baseline.out")" ] \
        || echo "bug: metrics differ from a search without a cache ($(r1_of "$2") vs $(r1_of "$log/search-baseline.out"))"
}
CHECK=check_same_metrics run_case 6.3 6 "search --corpus_embeddings CACHE (new): embeds the corpus and writes the cache" \
    "exit 0, same metrics as without a cache" 0 "" "" \
    -- "$nsw" search --model "$M" --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --corpus_embeddings cache.npy
CHECK=check_same_metrics run_case 6.4 6 "search --corpus_embeddings CACHE again, same corpus (cache hit)" \
    "exit 0, same metrics" 0 "" "" \
    -- "$nsw" search --model "$M" --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --corpus_embeddings cache.npy
CHECK=check_same_metrics run_case 6.5 6 "search --corpus_embeddings CACHE with a shuffled copy of the corpus" \
    "re-embedded (same metrics as unshuffled) or exit 1 naming the corpus" 0 "" "" \
    -- "$nsw" search --model "$M" --corpus "$D/corpus-shuffled.csv" --similar_text_pair "$D/test.csv" --corpus_embeddings cache.npy
run_case 6.6 6 "search --corpus_embeddings E where E came from 'index --save_embeddings' (no model id beside it)" \
    "exit 1, refused, E kept" 1 "emb.npy.*model" "emb.npy" \
    -- "$nsw" search --model "$M" --corpus "$D/corpus.csv" --query 蓝鲸 --corpus_embeddings emb.npy

# ---------------------------------------------------------------------------------------------------------------
# rule 7: hostile files are refused before allocation

# copies of the index with a forged data file whose checksum in index.json was recomputed
forge_index() { # name payload-file
    rm -rf "$1" && cp -r idx "$1" && rm -f "$1/notes.txt"
    python3 - "$1" "$2" <<'PY'
import hashlib, json, sys
folder, payload = sys.argv[1], sys.argv[2]
meta = json.load(open(f"{folder}/index.json"))
data = open(payload, "rb").read()
open(f"{folder}/{meta['dataFile']}", "wb").write(data)
meta["dataSha256"] = hashlib.sha256(data).hexdigest()
json.dump(meta, open(f"{folder}/index.json", "w"), indent=2)
PY
}
cat >"$work/Payload.java" <<'JAVA'
import java.io.*;
/** "NSWHNSW1" + a serialised java.util.Date: a foreign class where the HNSW graph should be. */
public class Payload {
    public static void main(String[] a) throws Exception {
        try (var out = new FileOutputStream(a[0])) {
            out.write("NSWHNSW1".getBytes("US-ASCII"));
            var oos = new ObjectOutputStream(out);
            oos.writeObject(new java.util.Date(0));
            oos.flush();
        }
    }
}
JAVA
"$java_home/bin/java" "$work/Payload.java" date.payload
forge_index idx-date date.payload
run_case 7.1 7 "HNSW file holding a serialised java.util.Date, checksum recomputed" "exit 1, refused, one line" 1 \
    "refused" "" -- "$nsw" recall --evaluate --model "$M" --index idx-date --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv"
python3 - idx/index.json <<'PY' >huge.payload
import json, struct, sys
meta = json.load(open(sys.argv[1]))
folder = sys.argv[1].rsplit("/", 1)[0]
data = bytearray(open(f"{folder}/{meta['dataFile']}", "rb").read())
n, m = meta["size"], meta["m"]
pattern = struct.pack(">iiii", n, m, m, 2 * m)
at = data.find(pattern)
assert at > 0, "item count not found"
struct.pack_into(">i", data, at, 2**31 - 1)
sys.stdout.buffer.write(data)
PY
forge_index idx-huge huge.payload
run_case 7.2 7 "HNSW file claiming 2^31-1 items, checksum recomputed" "exit 1, refused without allocating" 1 \
    "corrupt|crafted" "" -- "$nsw" recall --evaluate --model "$M" --index idx-huge --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv"
rm -rf idx-trunc && cp -r idx idx-trunc
data_file_of() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1] + "/index.json"))[sys.argv[2]])' "$1" "$2"; }
# the data file index.json names (case 5.3 left a user's hnsw-users-own.bin beside it)
hnsw_file="idx-trunc/$(data_file_of idx-trunc dataFile)"
head -c 35 "$hnsw_file" >"$hnsw_file.cut" && mv "$hnsw_file.cut" "$hnsw_file"
run_case 7.3 7 "HNSW file cut to 35 bytes (checksum not updated)" "exit 1, names the file" 1 "hnsw|checksum|sha" "" \
    -- "$nsw" recall --evaluate --model "$M" --index idx-trunc --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv"
rm -rf idx-ids && cp -r idx idx-ids
ids_file="idx-ids/$(data_file_of idx-ids idsFile)"
sed -i '1s/.*/999999/' "$ids_file"
run_case 7.4 7 "index ids file edited" "exit 1, names the file" 1 "ids|checksum|sha" "" \
    -- "$nsw" recall --evaluate --model "$M" --index idx-ids --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv"
rm -rf m-vocab && cp -r "$M" m-vocab
python3 - m-vocab/config.json <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c["vocab_size"] = 2000000000; json.dump(c, open(sys.argv[1], "w"))
PY
run_case 7.5 7 "config.json with vocab_size 2e9" "exit 1, one line before any allocation" 1 "vocab_size" "" \
    -- "$nsw" embed --model m-vocab --input "$D/dev.csv" --output v.npy
rm -rf m-flip && cp -r "$M" m-flip
python3 - m-flip/model.safetensors <<'PY'
import struct, sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read())
start = 8 + struct.unpack("<Q", b[:8])[0]
for i in range(start + 1000, start + 5000):
    b[i] ^= 0x5A
open(p, "wb").write(b)
PY
run_case 7.6 7 "model.safetensors with 4,000 weight bytes flipped" "exit 1, model_id mismatch" 1 "model|id" "" \
    -- "$nsw" embed --model m-flip --input "$D/dev.csv" --output f.npy
rm -rf m-id && cp -r "$M" m-id
python3 - m-id/nsw-model.json <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
key = next(k for k in c if "id" in k.lower())
c[key] = "sha256:000000000000000000000000"; json.dump(c, open(sys.argv[1], "w"))
PY
run_case 7.7 7 "nsw-model.json with another model_id" "exit 1, mismatch named" 1 "model|id" "" \
    -- "$nsw" embed --model m-id --input "$D/dev.csv" --output i.npy
python3 - <<'PY'
h = "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967297), }"
h = h + " " * (127 - 10 - len(h)) + "\n"
open("overflow.npy", "wb").write(b"\x93NUMPY\x01\x00" + len(h).to_bytes(2, "little") + h.encode() + b"\0" * 64)
PY
run_case 7.8 7 "bench ann --embeddings X.npy whose shape product overflows" "exit 1, refused" 1 "overflow" "" \
    -- "$nsw" bench ann --embeddings overflow.npy --query_count 5
rm -rf m-header && cp -r "$M" m-header
python3 - m-header/model.safetensors <<'PY'
import struct, sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[:8] = struct.pack("<Q", 2**62); open(p, "wb").write(b)
PY
run_case 7.9 7 "safetensors header length 2^62" "exit 1, names the file" 1 "safetensors" "" \
    -- "$nsw" embed --model m-header --input "$D/dev.csv" --output h.npy
head -c 1000 emb.npy >emb-cut.npy
run_case 7.10 7 "bench ann --embeddings X.npy cut short" "exit 1, names the file" 1 "emb-cut" "" \
    -- "$nsw" bench ann --embeddings emb-cut.npy --query_count 5

# ---------------------------------------------------------------------------------------------------------------
# rule 8: messages name the file

rm -rf m-json && cp -r "$M" m-json && echo '{"hidden_size": 32,' >m-json/config.json
run_case 8.1 8 "config.json that is not JSON" "exit 1, one line naming config.json" 1 "config.json" "" \
    -- "$nsw" embed --model m-json --input "$D/dev.csv" --output j.npy
rm -rf m-tok && cp -r "$M" m-tok && echo '{"model": {' >m-tok/tokenizer.json
run_case 8.2 8 "tokenizer.json that is not JSON" "exit 1, one line naming tokenizer.json" 1 "tokenizer.json" "" \
    -- "$nsw" embed --model m-tok --input "$D/dev.csv" --output t.npy
rm -rf m-sthdr && cp -r "$M" m-sthdr
python3 - m-sthdr/model.safetensors <<'PY'
import struct, sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read()); n = struct.unpack("<Q", b[:8])[0]
b[8:8 + 10] = b"{{{{{{{{{{"; open(p, "wb").write(b)
PY
run_case 8.3 8 "safetensors header that is not JSON" "exit 1, one line naming the file" 1 "model.safetensors" "" \
    -- "$nsw" embed --model m-sthdr --input "$D/dev.csv" --output s.npy
python3 - <<'PY'
import re, struct
b = bytearray(open("emb.npy", "rb").read())
hl = struct.unpack("<H", b[8:10])[0]; off = 10 + hl
dim = int(re.search(rb"\((\d+), (\d+)\)", b[10:off]).group(2))
nan = bytearray(b); struct.pack_into("<%df" % dim, nan, off + 4 * dim * 5, *([float("nan")] * dim))
open("emb-nan.npy", "wb").write(nan)
zero = bytearray(b); struct.pack_into("<%df" % dim, zero, off + 4 * dim * 7, *([0.0] * dim))
open("emb-zero.npy", "wb").write(zero)
PY
run_case 8.4 8 "bench ann --embeddings X.npy with a NaN row" "exit 1, names the file and row" 1 "emb-nan.*row 5" "" \
    -- "$nsw" bench ann --embeddings emb-nan.npy --query_count 5
run_case 8.5 8 "bench ann --embeddings X.npy with a zero row" "exit 1, names the file and row" 1 "emb-zero.*row 7" "" \
    -- "$nsw" bench ann --embeddings emb-zero.npy --query_count 5
cp "$D/corpus.csv" plain-file.csv
run_case 8.6 8 "index -o FILE (an existing plain file)" "exit 1, says it is a file, not an index folder" 1 \
    "is a file" "plain-file.csv" -- "$nsw" index --model "$M" --corpus "$D/corpus.csv" -o plain-file.csv
run_case 8.7 8 "bm25 --corpus MISSING" "exit 1 (or 2), names the file" 1 "nope.csv" "" \
    -- "$nsw" bm25 --evaluate --corpus "$D/nope.csv" --similar_text_pair "$D/test.csv"
printf '蓝鲸登不进去了\n' >pairs-notab.csv
run_case 8.8 8 "bm25 --similar_text_pair with a line lacking its tab" "exit 1, file:line" 1 "pairs-notab.csv:1" "" \
    -- "$nsw" bm25 --evaluate --corpus "$D/corpus.csv" --similar_text_pair pairs-notab.csv

# ---------------------------------------------------------------------------------------------------------------
# rule 9: the smaller ones

printf '第一行\n第二\000行\n第三行\n' >corpus-nul.csv
run_case 9.1 9 "bm25 --corpus with a NUL byte on line 2" "exit 1, file:2 names the NUL" 1 "corpus-nul.csv:2" "" \
    -- "$nsw" bm25 --evaluate --corpus corpus-nul.csv --similar_text_pair "$D/test.csv"
run_case 9.2 9 "data check on a file with a NUL byte" "exit 1, file:2" 1 "corpus-nul.csv:2" "" \
    -- "$nsw" data check corpus-nul.csv
run_case 9.3 9 "evaluate --top_k 0" "exit 2, usage error" 2 "top_k" "" \
    -- "$nsw" evaluate --similar_text_pair "$D/test.csv" --recall_result_file recall.txt --top_k 0
run_case 9.4 9 "evaluate --top_k -5" "exit 2, usage error" 2 "top_k" "" \
    -- "$nsw" evaluate --similar_text_pair "$D/test.csv" --recall_result_file recall.txt --top_k -5
run_case 9.5 9 "recall --top_k 0" "exit 2, usage error" 2 "top_k" "" \
    -- "$nsw" recall --evaluate --model "$M" --corpus "$D/corpus.csv" --similar_text_pair "$D/test.csv" --top_k 0
check_modes() { # files 644 and folders 755 under umask 022, in every folder the set-up and cases wrote
    local bad
    bad="$(find run run-kill idx bm25idx ranker emb.npy cache.npy first.trec recall.txt \( -type f ! -perm 644 \) -o \( -type d ! -perm 755 \) \
        2>/dev/null | head -3 | tr '\n' ' ')"
    [ -z "$bad" ] || echo "bug: not 644/755 under umask 022: $bad"
}
CHECK=check_modes run_case 9.6 9 "modes of written files under umask 022 (run, index, bm25, reranker, npy, runs)" \
    "files 644, folders 755" 0 "" "" -- true
run_case 9.7 9 "search --query \"\"" "exit 2, usage error" 2 "query" "" \
    -- "$nsw" search --model "$M" --corpus "$D/corpus.csv" --query ""
run_case 9.8 9 "search --query \"   \" (blanks only)" "exit 2, usage error" 2 "query" "" \
    -- "$nsw" search --model "$M" --corpus "$D/corpus.csv" --query "   "
printf '好的一行\t另一行\n坏的\xff\xfe一行\t另一行\n' >bad-utf8.csv
run_case 9.9 9 "data check on invalid UTF-8 (line 2)" "exit 1, says UTF-8 and line 2" 1 "bad-utf8.csv:2.*UTF-8|UTF-8.*bad-utf8.csv:2" "" \
    -- "$nsw" data check bad-utf8.csv
{ echo "短的一行"; head -c 300000 /dev/zero | tr '\0' 'a'; echo; } >long-line.csv
run_case 9.10 9 "data check on a 300,000-character line" "exit 1, says the line is too long, with its number" 1 \
    "long-line.csv:2.*long" "" -- "$nsw" data check long-line.csv
# a corpus big enough that BM25 needs more than a 24 MB heap
python3 - <<'PY'
import random
random.seed(1)
words = ["w%d" % i for i in range(50000)]
with open("big-corpus.csv", "w") as f:
    for i in range(60000):
        f.write(" ".join(random.choice(words) for _ in range(40)) + "\n")
PY
check_oom() { grep -q -i "memory" "$3" || echo "poor: does not say it ran out of memory"; }
CHECK=check_oom NSW_JAVA_OPTS="-Xmx24m" run_case 9.11 9 "bm25 on 60k texts with a 24 MB heap (NSW_JAVA_OPTS=-Xmx24m)" \
    "exit 1, one line: out of memory, how to give more" 1 "" "" \
    -- env NSW_JAVA_OPTS="-Xmx24m" "$nsw" bm25 --evaluate --corpus big-corpus.csv --similar_text_pair "$D/test.csv" --index bm25-big
run_case 9.12 9 "data check on an empty file" "exit 1, says it is empty" 1 "empty" "" \
    -- "$nsw" data check /dev/null
: >empty.csv
run_case 9.13 9 "bm25 --corpus EMPTY" "exit 1, names the file, says it is empty" 1 "empty.csv" "" \
    -- "$nsw" bm25 --evaluate --corpus empty.csv --similar_text_pair "$D/test.csv"
run_case 9.14 9 "train inbatch --batch_size 0" "exit 2, usage error" 2 "batch_size" "" \
    -- "$nsw" train inbatch --model "$M" --train_set_file "$D/train.csv" --save_dir run-b0 --batch_size 0

# ---------------------------------------------------------------------------------------------------------------
# rule 10: training that turns to NaN

check_same_losses() {
    python3 - run-det-a/run.json run-det-b/run.json <<'PY' || echo "bug: two identical trainings gave different losses"
import json, sys
def losses(p):
    r = json.load(open(p))
    return [s[1] for s in r.get("steps", [])]  # steps: [step, loss, learning rate]
a, b = losses(sys.argv[1]), losses(sys.argv[2])
sys.exit(0 if a and a == b else 1)
PY
}
"$nsw" train inbatch "${train_args[@]}" --train_set_file "$D/train.csv" --save_dir run-det-a --max_steps 12 \
    >"$log/det-a.log" 2>&1
CHECK=check_same_losses run_case 10.1 10 "the same short training twice (12 steps, dropout 0.1)" \
    "exit 0, step losses identical" 0 "" "" \
    -- "$nsw" train inbatch "${train_args[@]}" --train_set_file "$D/train.csv" --save_dir run-det-b --max_steps 12
check_kept_checkpoint() { [ -d run-nan/checkpoint ] || [ -d run-nan/final ] || echo "poor: no checkpoint or model kept"; }
CHECK=check_kept_checkpoint run_case 10.2 10 "train with learning rate 1e30 (the loss turns non-finite)" \
    "exit 1, one line naming the step; last checkpoint kept" 1 "non-finite|NaN|Infinity|infinite" "" \
    -- "$nsw" train inbatch "${train_args[@]}" --train_set_file "$D/train.csv" --save_dir run-nan --max_steps 20 \
    --save_steps 1 --learning_rate 1e30

# ---------------------------------------------------------------------------------------------------------------

rule11

echo "# rows $rows: good ${counts[good]}, poor ${counts[poor]}, bug ${counts[bug]}, data-loss ${counts[data-loss]}, n/a ${counts[n/a]:-0}"
note "done: $rows cases; logs in $log"
