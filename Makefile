# sscard — set-up and everyday targets. `make demo` and `make test` work on a fresh Debian 12
# machine with the Swift toolchain: both install the system packages first.

PREFIX ?= /usr/local
SWIFT ?= swift
CONFIG ?= release
AS_OF ?= 2026-12-01

# Debian packages the build, the tests and the benchmark need.
APT_PACKAGES := pkg-config libxml2-dev libzip-dev libxlsxwriter-dev zlib1g-dev libvips-dev libvips-tools libsqlite3-dev libssl-dev sqlite3 zip unzip time python3 python3-venv python3-xlsxwriter libcairo2-dev libpango1.0-dev libharfbuzz-dev libqrencode-dev fonts-noto-cjk poppler-utils qpdf zbar-tools python3-openpyxl

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
BIN = .build/$(CONFIG)/sscard

.PHONY: deps build test demo bench bench-anchors install install-files man clean fuzz fuzz-build

deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "system packages present"; fi

build: deps
	$(SWIFT) build -c $(CONFIG)

test: deps
	$(SWIFT) build
	$(SWIFT) test

demo: build
	@echo "== sscard validate samples/roster.xlsx with photos and ID cards (as of $(AS_OF)) =="
	-$(BIN) validate samples/roster.xlsx --units samples/units.csv --photos samples/photos --idcards samples/idcards --as-of $(AS_OF) --lang zh
	@echo
	@echo "== the same roster as GB18030 CSV, JSON report =="
	-$(BIN) validate samples/roster-gb18030.csv --units samples/units.csv --as-of $(AS_OF) --format json
	@echo
	@echo "== UTF-8 CSV, English, CSV report written to out/report.csv (mode 0600) =="
	@rm -rf out && mkdir -p out
	-$(BIN) validate samples/roster.csv --units samples/units.csv --as-of $(AS_OF) --lang en --format csv -o out/report.csv
	@head -5 out/report.csv
	@echo
	@echo "== the clerk's workbook: a template, and the annotated xlsx report =="
	$(BIN) template -o out/roster-template.xlsx --units samples/units.csv --lang zh
	-$(BIN) validate samples/roster.xlsx --units samples/units.csv --as-of $(AS_OF) --format xlsx -o out/report.xlsx --lang en
	@echo
	@echo "== photos: check, fix, check again; ID cards merged =="
	-$(BIN) photos check samples/photos --lang en
	-$(BIN) photos fix samples/photos out/fixed --lang en
	$(BIN) photos check out/fixed --lang en
	-$(BIN) merge --idcards samples/idcards -o out/merged --lang en | tail -3
	@echo
	@echo "== the workspace: import, fix a rejected row, watch the window close =="
	-$(BIN) import samples/roster.xlsx --units samples/units.csv --store out/demo.db --as-of $(AS_OF)T09:00 --lang en
	$(BIN) import samples/roster.xlsx --units samples/units.csv --store out/demo.db --as-of $(AS_OF)T09:30 --lang en
	$(BIN) amend 510112199507080866 --set 手机号码=13912345678 --reason "typo on the paper form" --store out/demo.db --as-of $(AS_OF)T10:00 --lang en
	$(BIN) list --status accepted --store out/demo.db --as-of $(AS_OF)T10:00 --lang en | tail -3
	$(BIN) status --store out/demo.db --as-of $(AS_OF)T10:00 --lang en
	-$(BIN) amend 510112199507080866 --set 手机号码=13912345679 --store out/demo.db --as-of 2026-12-02T10:00 --lang en
	$(BIN) status --store out/demo.db --as-of 2026-12-02T10:00 --lang en
	$(BIN) log 510112199507080866 --store out/demo.db --lang en
	@echo
	@echo "== the nightly bureau batch: export, list, verify; a second run writes nothing =="
	$(BIN) export --out out/batches --store out/demo.db --as-of 2026-12-02T10:00 --lang en
	$(BIN) export --out out/batches --store out/demo.db --as-of 2026-12-02T10:00 --lang en
	$(BIN) batches --store out/demo.db --lang en
	$(BIN) verify out/batches/batch-325520-20261202-1.zip --lang en
	@ls out/batches/forms/batch-325520-20261202-1 | tail -3
	@echo
	@echo "== registration forms on their own =="
	$(BIN) form 510104199211030624 -o out/form-one.pdf --store out/demo.db --lang en
	@echo "(exit codes 1 above are expected: the samples carry planted mistakes)"

# The tools an office would pick instead, which `make bench` measures beside sscard (PyPI). They
# go into a virtual environment beside the benchmark's data: Debian's python3 is externally
# managed (PEP 668). It also sees Debian's own python3-xlsxwriter, which writes the rosters.
BENCH_ANCHORS := polars fastexcel python-calamine pillow typst openpyxl
BENCH_DIR ?= bench-data
BENCH_VENV = $(BENCH_DIR)/.venv
BENCH_PYTHON := $(shell [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)

bench-anchors:
	@$(BENCH_VENV)/bin/python -c 'import polars, fastexcel, python_calamine, PIL, typst, openpyxl' 2>/dev/null || \
		{ mkdir -p $(BENCH_DIR) && $(BENCH_PYTHON) -m venv --system-site-packages $(BENCH_VENV) && \
		  $(BENCH_VENV)/bin/python -m pip install -q $(BENCH_ANCHORS); } || \
		echo "could not install the anchors ($(BENCH_ANCHORS)) into $(BENCH_VENV); their columns will say n/a"

bench: build bench-anchors
	@BENCH_DIR=$(BENCH_DIR) ./scripts/bench.sh $(BIN)

SHARE = $(DESTDIR)$(PREFIX)/share

# PREFIX/bin/sscard finds its tables in PREFIX/share/sscard/schemas (through /proc/self/exe).
install: build
	@$(MAKE) --no-print-directory install-files

# The copy alone, for a binary already built (the tests install the debug binary this way:
# make install-files PREFIX=/tmp/x BIN=.build/debug/sscard).
install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(SHARE)/sscard/schemas $(SHARE)/man/man1 \
		$(SHARE)/bash-completion/completions $(SHARE)/zsh/site-functions $(SHARE)/fish/vendor_completions.d
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/sscard
	install -m 0644 schemas/* $(SHARE)/sscard/schemas/
	install -m 0644 docs/sscard.1 $(SHARE)/man/man1/sscard.1
	$(BIN) --generate-completion-script bash > $(SHARE)/bash-completion/completions/sscard
	$(BIN) --generate-completion-script zsh > $(SHARE)/zsh/site-functions/_sscard
	$(BIN) --generate-completion-script fish > $(SHARE)/fish/vendor_completions.d/sscard.fish
	chmod 0644 $(SHARE)/bash-completion/completions/sscard $(SHARE)/zsh/site-functions/_sscard $(SHARE)/fish/vendor_completions.d/sscard.fish

# Regenerates docs/sscard.1 from the command definitions (`sscard --experimental-dump-help`, the
# description swift-argument-parser's generate-manual plugin reads too). Run it after changing
# commands or flags; the plugin (`swift package plugin generate-manual`) also works offline but
# needs a release build of the tool and its own copy of the parser.
man:
	$(SWIFT) build
	python3 scripts/gen-man.py .build/debug/sscard > docs/sscard.1.tmp && mv docs/sscard.1.tmp docs/sscard.1

# Fuzzing (README.md "Fuzzing"): libFuzzer + AddressSanitizer builds of the targets in Fuzz/,
# each run SECONDS seconds from its committed corpus. New inputs go to Fuzz/scratch/<target>/,
# crashes to Fuzz/crashes/ (both ignored by git). `make test` replays Fuzz/corpus/ without sanitizers.
SECONDS ?= 60
FUZZ_JOBS ?= csv:FuzzCSV:8192 sheet:FuzzSheet:8192 shared-strings:FuzzSharedStrings:8192 fields:FuzzFields:256 zip-name:FuzzZipName:256
FUZZ_BIN = Fuzz/.build/release

fuzz-build: deps
	cd Fuzz && $(SWIFT) build -c release -Xswiftc -sanitize=fuzzer,address

fuzz: fuzz-build
	@mkdir -p Fuzz/crashes; status=0; \
	for job in $(FUZZ_JOBS); do \
		target=$${job%%:*}; rest=$${job#*:}; exe=$${rest%%:*}; maxlen=$${rest#*:}; \
		mkdir -p Fuzz/scratch/$$target; \
		echo "== fuzz $$target ($$exe) for $(SECONDS) s"; \
		ASAN_OPTIONS=detect_leaks=0 $(FUZZ_BIN)/$$exe Fuzz/scratch/$$target Fuzz/corpus/$$target \
			-max_total_time=$(SECONDS) -max_len=$$maxlen -rss_limit_mb=2048 -timeout=10 \
			-artifact_prefix=Fuzz/crashes/$$target- -print_final_stats=1 || status=1; \
	done; \
	if [ $$status -ne 0 ]; then echo "fuzz: crash inputs are in Fuzz/crashes/"; fi; exit $$status

clean:
	rm -rf .build out Fuzz/.build Fuzz/scratch
