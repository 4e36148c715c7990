#!/usr/bin/env bash
# Set up gongwen on a fresh Debian/Ubuntu machine, then build the sample (default) or run the tests.
#   bash scripts/setup.sh        install everything, then build content/*.yaml into output/
#   bash scripts/setup.sh test   install everything plus test needs (LibreOffice), then run the tests
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-build}"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"

packages=(
  fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0  # WeasyPrint's text stack
  fonts-noto-cjk          # 宋体/黑体/小标宋 stand-ins and the fallback for rare characters
  fonts-arphic-ukai       # 楷体 fallback with wide coverage
  poppler-utils           # pdftoppm: PDF pages to PNG for review
)
# The real office suite the DOCX is checked in, pandoc (it must find the DOCX's headings), and the browser
# (with its WebDriver) the preview is tested in.
[ "$mode" = test ] && packages+=(libreoffice-writer-nogui pandoc chromium chromium-driver)

if command -v apt-get >/dev/null; then
  echo "== apt-get install ${packages[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  # FandolFang/Kai/Song/Hei (free simplified 仿宋 and friends) ship only inside texlive-lang-chinese;
  # take just the fonts from the Debian package instead of installing the whole TeX system.
  fandol=/usr/local/share/fonts/fandol
  if [ ! -f "$fandol/FandolFang-Regular.otf" ]; then
    echo "== fonts: FandolFang, FandolKai, FandolSong, FandolHei from texlive-lang-chinese"
    tmp=$(mktemp -d); chmod 755 "$tmp"; chown _apt "$tmp" 2>/dev/null || true
    (cd "$tmp" && apt-get download texlive-lang-chinese >/dev/null)
    dpkg-deb --fsys-tarfile "$tmp"/texlive-lang-chinese_*.deb \
      | tar -x -C "$tmp" --wildcards './usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*.otf'
    $sudo mkdir -p "$fandol"
    $sudo cp "$tmp"/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*.otf "$fandol"/
    rm -rf "$tmp"
    $sudo fc-cache -f "$fandol" >/dev/null
  fi
else
  echo "apt-get not found: install the packages above and the Fandol fonts by hand" >&2
fi

# The GB/T 33190 XML schemas for the OFD tests, as transcribed from the standard in GreenYun/OFD-Schema.
# That repository has no licence, so they are downloaded (checked against tests/fixtures/ofd-schema.sha256),
# never committed; without them the schema test is skipped and says so.
schemas="${GONGWEN_OFD_SCHEMAS:-${XDG_CACHE_HOME:-$HOME/.cache}/gongwen/ofd-schema}"
if [ "$mode" = test ] && ! (cd "$schemas" 2>/dev/null && sha256sum -c --quiet "$OLDPWD/tests/fixtures/ofd-schema.sha256"); then
  echo "== GB/T 33190 schemas into $schemas"
  tmp=$(mktemp -d)
  base=https://raw.githubusercontent.com/GreenYun/OFD-Schema/888931f4cfcfc6b558f68457041e018a291b5009
  fetch='import sys, urllib.request; open(sys.argv[2], "wb").write(urllib.request.urlopen(sys.argv[1], timeout=15).read())'
  if (cd "$tmp" && while read -r _ name; do python3 -c "$fetch" "$base/$name" "$name" 2>/dev/null || exit 1; done \
        < "$OLDPWD/tests/fixtures/ofd-schema.sha256" && sha256sum -c --quiet "$OLDPWD/tests/fixtures/ofd-schema.sha256"); then
    mkdir -p "$schemas" && cp "$tmp"/*.xsd "$schemas"/
  else
    echo "   could not download them: the OFD schema test will be skipped" >&2
  fi
  rm -rf "$tmp"
fi

python=${PYTHON:-python3}
extras="[sign]"; [ "$mode" = test ] && extras="[test]"
echo "== pip install -e .$extras"
$python -m pip install -q -e ".$extras"

# The DOCX names the official fonts (仿宋_GB2312, 方正小标宋简体 …). Where they are not installed,
# fontconfig resolves each to the free stand-in templates/layout.toml chooses, so LibreOffice and
# WPS on this machine show the document as the PDF prints it.
fontconf=${GONGWEN_FONTCONF:-/etc/fonts/conf.d/99-gongwen-aliases.conf}
echo "== fontconfig aliases for the official font names: $fontconf"
$python -c 'import pathlib, sys; from gongwen.office import system_aliases; sys.stdout.write(system_aliases(pathlib.Path(".")))' \
  | $sudo tee "$fontconf" >/dev/null

if [ "$mode" = test ]; then
  $python -m pytest "${@:2}"
else
  $python build.py
fi
