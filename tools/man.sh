#!/bin/sh
# Writes the man pages stratex(1) and stratex-<command>(1) from the --help texts, so the
# pages and the program cannot disagree: the usage lines become the SYNOPSIS, the rest of
# the text the DESCRIPTION (kept as written, in a no-fill block).
#
#   tools/man.sh build/stratex build/man
set -eu
bin="$1"
out="$2"
version=$("$bin" --version | sed -n '1s/^stratex \([^ ]*\).*/\1/p')
mkdir -p "$out/man1"

# roff needs backslashes doubled and a line starting with . or ' protected.
roff_escape() {
    sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
}

# page NAME SUMMARY: the help text on stdin.
page() {
    name="$1"; summary="$2"
    upper=$(echo "$name" | tr 'a-z' 'A-Z')
    text=$(cat)
    {
        echo ".TH $upper 1 \"\" \"stratex $version\" \"stratex manual\""
        echo ".SH NAME"
        echo "$name \\- $summary"
        echo ".SH SYNOPSIS"
        echo ".nf"
        echo "$text" | sed -n '1,/^$/p' | sed '/^$/d' | sed 's/^usage: //; s/^       //' | roff_escape
        echo ".fi"
        echo ".SH DESCRIPTION"
        echo ".nf"
        echo "$text" | sed '1,/^$/d' | roff_escape
        echo ".fi"
        if [ "$name" != stratex ]; then
            echo ".SH SEE ALSO"
            echo ".BR stratex (1)"
        fi
    } > "$out/man1/$name.1"
}

"$bin" --help > "$out/stratex.help"
commands=$(sed -n '/^Commands:$/,/^$/p' "$out/stratex.help" | awk 'NF > 1 {print $1}')
page stratex "export-control compliance engine" < "$out/stratex.help"
for c in $commands; do
    summary=$(sed -n "s/^  $c  *//p" "$out/stratex.help" | head -1)
    "$bin" "$c" --help | page "stratex-$c" "$summary"
done
rm -f "$out/stratex.help"
echo "  MAN     $out/man1 ($(echo $commands | wc -w) commands)"
