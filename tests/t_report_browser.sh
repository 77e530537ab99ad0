#!/bin/sh
# nerq report (issue 10) in a real browser: headless Chromium loads an article page of the
# examples' report, its DOM (--dump-dom) must have the highlighted mentions and marked
# quotes (tests/report_check.py), and its screenshot must show the highlight colours
# (tests/png_colors.py). The screenshot stays in $BUILD/tests/report-screenshot.png.
# Skips when chromium is missing (NERQ_WITH_BROWSER=1 sh tools/install-deps.sh installs
# it); with NERQ_WITH_BROWSER=1 set, a missing chromium is a failure instead.
set -eu
B=${BUILD:-build}
if ! command -v chromium >/dev/null 2>&1; then
    if [ "${NERQ_WITH_BROWSER:-0}" = 1 ]; then
        echo "chromium not installed, but NERQ_WITH_BROWSER=1"
        exit 1
    fi
    echo "skipped: chromium not installed (NERQ_WITH_BROWSER=1 sh tools/install-deps.sh)"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$B/nerq" run examples -o "$tmp/run" --quiet
"$B/nerq" report "$tmp/run" -o "$tmp/report"
page="$tmp/report/a0001-bbc-style.txt.html"
[ -f "$page" ]
browse() {
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --force-color-profile=srgb \
        --user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" --window-size=1200,1600 "$@" \
        2>>"$tmp/chromium.log"
}
browse --dump-dom "file://$page" >"$B/tests/report-dom.html" || { tail -n 20 "$tmp/chromium.log"; exit 1; }
python3 tests/report_check.py "$B/tests/report-dom.html" "$tmp/run/articles.jsonl" bbc-style.txt
shot="$B/tests/report-screenshot.png"
rm -f "$shot"
browse --screenshot="$shot" "file://$page" >/dev/null || { tail -n 20 "$tmp/chromium.log"; exit 1; }
# PERSON and COUNTRY highlights, the quote underline
python3 tests/png_colors.py "$shot" 1200 1600 ffd8b0 bfe3ff c0392b
echo "screenshot: $shot"
