# Accueil: `make demo` runs the demo event, `make test` runs every test.
GO        ?= go
BIN       := bin
DEMO_DATA ?= .demo
# A visitor, a foreign delegate with a note for staff, a speaker, press, a partner and staff.
DEMO_BADGES := A0031 A0229 A0035 A0062 A0056 A0001 A0032 A0230 A0047 A0082 A0058 A0002
export CGO_ENABLED := 1

.PHONY: all deps build test race fuzz bench lint demo clean

all: build

deps:
	@.ci/deps.sh

build: deps
	$(GO) build -o $(BIN)/kiosk ./cmd/kiosk
	$(GO) build -o $(BIN)/hub ./cmd/hub

test: deps
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

# Short fuzzing runs of every parser; set FUZZTIME for longer ones.
FUZZTIME ?= 20s
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzReadAttendees -fuzztime=$(FUZZTIME) ./kiosk/roster
	$(GO) test -run='^$$' -fuzz=FuzzReadCheckpoints -fuzztime=$(FUZZTIME) ./kiosk/roster
	$(GO) test -run='^$$' -fuzz=FuzzBadgeReader -fuzztime=$(FUZZTIME) ./kiosk

# Speed goals: the kiosk with 100,000 attendees and 100,000 earlier scans on
# disk, then the hub under a venue's load simulated from another process.
bench: build
	$(GO) test -run='^$$' -bench=. -benchtime=2000x ./kiosk/headless
	$(GO) test -run='^$$' -bench=. ./kiosk ./kiosk/sqlite ./kiosk/roster ./kiosk/boot ./sync/protocol
	$(GO) build -o $(BIN)/hubload ./cmd/hubload
	$(BIN)/hubload -hub $(BIN)/hub

lint:
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

# The demo event on a headless kiosk: paste or scan badge payloads, one per line.
demo: build
	@mkdir -p $(DEMO_DATA)
	@$(BIN)/hub qr -out $(DEMO_DATA)/badges $(addprefix -id ,$(DEMO_BADGES)) >/dev/null
	@echo
	@echo "Accueil demo: the Forum de l'Action Internationale des Collectivités, on a kiosk with no hub."
	@echo "The kiosk window comes in a later release; this is the headless kiosk at the entrance."
	@echo "Badge QR codes of twelve demo attendees: $(DEMO_DATA)/badges/*.png (scan them with a USB scanner),"
	@echo "their payloads, to paste here one per line: $(DEMO_DATA)/badges/payloads.txt"
	@echo "Try one twice (already_checked_in), an outside code such as 'WZ-0000' (unknown_badge), or garbage."
	@echo "Each line answers with one JSON verdict, written once the scan is on disk. Ctrl-D ends."
	@echo
	@awk -F'\t' 'NR>1 && NR<6 {printf "%s (%s):\n%s\n", $$2, $$3, $$5}' $(DEMO_DATA)/badges/index.tsv
	@echo
	$(BIN)/kiosk -headless -data $(DEMO_DATA)/kiosk -name demo-entrance

clean:
	rm -rf $(BIN) $(DEMO_DATA)
