# Accueil: `make demo` runs the demo event, `make test` runs every test.
GO        ?= go
BIN       := bin
export CGO_ENABLED := 1
# Fyne reads the locale from LANG and complains about the C locale.
export LANG := $(if $(filter C C.UTF-8 POSIX,$(LANG)),en_US.UTF-8,$(or $(LANG),en_US.UTF-8))

.PHONY: all deps deps-test build test race fuzz bench bench-go lint demo package install clean chaos soak screenshots

all: build

# What the binaries need (make build, make demo), and what the tests add.
deps:
	@.ci/deps.sh build
deps-test:
	@.ci/deps.sh test

build: deps
	$(GO) build -o $(BIN)/kiosk ./cmd/kiosk
	$(GO) build -o $(BIN)/hub ./cmd/hub

# -tags ci gives Fyne its in-memory driver: screens are tested without
# OpenGL, and the one test of the real window builds the real binary.
# Every vet and staticcheck check first: CI fails on them as on a test.
test: deps-test lint
	$(GO) test -race -tags ci -count=1 ./...

# Short fuzzing runs of every parser; set FUZZTIME for longer ones.
FUZZTIME ?= 20s
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzReadAttendees -fuzztime=$(FUZZTIME) ./kiosk/roster
	$(GO) test -run='^$$' -fuzz=FuzzReadCheckpoints -fuzztime=$(FUZZTIME) ./kiosk/roster
	$(GO) test -run='^$$' -fuzz=FuzzBadgeReader -fuzztime=$(FUZZTIME) ./kiosk
	$(GO) test -run='^$$' -fuzz=FuzzDecode -fuzztime=$(FUZZTIME) ./sync/protocol
	$(GO) test -run='^$$' -fuzz=FuzzParse -fuzztime=$(FUZZTIME) ./sync/enroll
	$(GO) test -run='^$$' -fuzz=FuzzAssembler -fuzztime=$(FUZZTIME) ./kiosk/wedge
	$(GO) test -tags ci -run='^$$' -fuzz=FuzzKioskFrame -fuzztime=$(FUZZTIME) ./sync/hub
	$(GO) test -run='^$$' -fuzz=FuzzCell -fuzztime=$(FUZZTIME) ./kiosk/csvsafe
	$(GO) test -run='^$$' -fuzz=FuzzSizeBounds -fuzztime=$(FUZZTIME) ./sync/protocol
	$(GO) test -run='^$$' -fuzz=FuzzDecodeImage -fuzztime=$(FUZZTIME) ./kiosk/qr/jpegframe

# Speed goals, one Markdown table: each figure beside its peer measured in
# the same run (a Python + sqlite3 kiosk, the disk's own durable-commit
# limits, zxing-cpp and zbar), its ratio, its goal and whether it holds.
# bench-go runs the packages' own benchmarks (profiles: add -cpuprofile).
bench: deps-test build
	$(GO) build -o $(BIN)/hubload ./cmd/hubload
	$(GO) build -o $(BIN)/qrbench ./cmd/qrbench
	g++ -O2 -std=c++17 -o $(BIN)/qr_peer cmd/qrbench/peer/qr_peer.cpp -lZXing -lzbar -ljpeg
	$(GO) build -o $(BIN)/benchtable ./cmd/benchtable
	$(BIN)/benchtable -kiosk $(BIN)/kiosk -hub $(BIN)/hub -hubload $(BIN)/hubload -qrbench $(BIN)/qrbench

bench-go:
	$(GO) test -run='^$$' -bench=. -benchtime=2000x ./kiosk/headless
	$(GO) test -run='^$$' -bench=. ./kiosk ./kiosk/sqlite ./kiosk/roster ./kiosk/boot ./sync/protocol

# The proof under fire: the real hub and six headless kiosks for
# CHAOS_DURATION while processes are SIGKILLed, connections cut, a kiosk is
# offline, a clock is off, the hub is restored from a backup and the standby
# promoted; one summary line, non-zero when a scan is lost or doubled or the
# counts differ. (make test runs a 30 s form: cmd/chaos TestChaosShortForm.)
CHAOS_DURATION ?= 2m
chaos: build
	$(GO) build -o $(BIN)/chaos ./cmd/chaos
	$(BIN)/chaos -duration $(CHAOS_DURATION) -hub $(BIN)/hub -kiosk $(BIN)/kiosk

# Two event days compressed: SOAK_SCANS at SOAK_RATE a second (50,000 at 20/s
# is about 42 minutes; make soak SOAK_SCANS=5000 SOAK_RATE=50 for a short one)
# through headless kiosks and a window kiosk (on $DISPLAY, else under an Xvfb
# of its own), memory, goroutines, open files and databases sampled; one
# summary line, non-zero when they grow beyond the data.
SOAK_SCANS ?= 50000
SOAK_RATE  ?= 20
soak: deps-test build
	$(GO) build -o $(BIN)/chaos ./cmd/chaos
	$(BIN)/chaos soak -scans $(SOAK_SCANS) -rate $(SOAK_RATE) -hub $(BIN)/hub -kiosk $(BIN)/kiosk

# Every screen of the guides, into docs/screens/ as PNG files: the kiosk's
# modes and verdicts in French and English at 1280x800 and 1920x1080 (Fyne's
# test driver draws them, no display needed), with the verdicts' contrast
# measured on their pixels in docs/screens/contrast.txt. One command per
# part of the product, one line each.
SCREENS ?= $(CURDIR)/docs/screens
screenshots: deps-test
	$(GO) test -tags ci -count=1 -run '^TestScreenshots$$' ./kiosk/ui -args -screens $(SCREENS)
	ACCUEIL_SHOTS_DIR=$(abspath $(SCREENS)) $(GO) test -tags ci -count=1 -run '^TestScreenshots$$' ./sync/hub

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint: deps
	$(GO) vet -tags ci ./...
	$(GO) run $(STATICCHECK) -tags ci ./...

# The demo event: a hub on the embedded Forum data and an entrance kiosk
# enrolled with it, in a window when there is a display, else headless.
demo: build
	@.ci/demo.sh

# An installable Linux package of the kiosk (Accueil.tar.xz: binary,
# .desktop file, icon), from FyneApp.toml. `sudo make -C kiosk install`
# after unpacking installs it.
package: deps
	$(GO) build -tags migrated_fynedo -o build/kiosk ./cmd/kiosk
	$(GO) run fyne.io/tools/cmd/fyne@v1.7.4 package --os linux --executable build/kiosk

# The binaries, the systemd units and the guides, for a hub laptop or a
# kiosk: `sudo make install`, then see docs/en/setup.md. DESTDIR stages the
# files elsewhere (packaging, tests).
PREFIX  ?= /usr/local
install: build
	install -D -m 0755 $(BIN)/hub $(DESTDIR)$(PREFIX)/bin/hub
	install -D -m 0755 $(BIN)/kiosk $(DESTDIR)$(PREFIX)/bin/kiosk
	for u in hub standby; do \
	  sed 's|/usr/local|$(PREFIX)|g' assets/systemd/accueil-$$u.service > accueil-$$u.service.tmp && \
	  install -D -m 0644 accueil-$$u.service.tmp $(DESTDIR)/etc/systemd/system/accueil-$$u.service && rm accueil-$$u.service.tmp; \
	done
	sed 's|/usr/local|$(PREFIX)|g' assets/systemd/accueil-kiosk.service > accueil-kiosk.service.tmp && \
	  install -D -m 0644 accueil-kiosk.service.tmp $(DESTDIR)/etc/systemd/user/accueil-kiosk.service && rm accueil-kiosk.service.tmp
	install -d $(DESTDIR)$(PREFIX)/share/doc/accueil
	tar -C docs --exclude='*.go' -cf - . | tar -C $(DESTDIR)$(PREFIX)/share/doc/accueil -xf -
	@if [ -z "$(DESTDIR)" ] && ! id accueil >/dev/null 2>&1; then \
	  useradd --system --home-dir /var/lib/accueil --shell /usr/sbin/nologin accueil; fi
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
	@echo "Installed. Hub laptop: sudo systemctl enable --now accueil-hub. Kiosk: systemctl --user enable --now accueil-kiosk."
	@echo "Guides: $(PREFIX)/share/doc/accueil/en/setup.md (French: fr/)."

clean:
	rm -rf $(BIN) .demo build Accueil.tar.xz
