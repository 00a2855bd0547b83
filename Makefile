# SPDX-License-Identifier: MIT OR Apache-2.0
# rinet's Makefile. The library itself is built by cargo; this file installs it and drives the
# benchmarks.
#
#   make install       build librinet in release (cargo build --release) and install it under
#                      PREFIX (default /usr/local; DESTDIR is honoured): the shared library with
#                      its soname links, librinet.a, rinet.h, rinet.hpp, rinet/wininet.h and the
#                      rinet/wininet_sdk.h it includes, the Win32 porting headers (rinet/win32/),
#                      rinet.pc, rinet-win32.pc and the CMake package rinet::rinet. See
#                      docs/getting-started.md.
#                      It also installs the man pages (share/man/man3), keeps the libraries'
#                      debug information apart (lib/.debug), and runs or prints ldconfig.
#   make uninstall     remove what `make install` installed under the same PREFIX
#   make man           write the man pages into target/man (scripts/manpages.py)
#   make bench-driven  driven mode (RINET_FLAG_DRIVEN) against thread mode and libcurl's
#                      multi_socket_action on the request-rate and latency workloads
#                      (benches/driven.c; BENCH_RUNS=5 by default; table in $(BENCH_OUT)/driven.md;
#                      BENCH_CLIENT_CPU=n and BENCH_SERVER_CPU=m pin the runs and the server)
#   make bench-trace   tracing overhead: requests per second with RINET_TRACE unset and with
#                      RINET_TRACE=0 (and, for scale, a level-3 trace into a callback)
#
#   make bench         build librinet (cargo build --release), the benchmark server and program,
#                      run every workload (BENCH_RUNS=5 by default) and draw the charts into
#                      benches/charts/ (needs gnuplot: apt-get install gnuplot-nox)
#   make bench-smoke   the same, and bench-driven's workloads, at BENCH_SCALE=tiny with
#                      BENCH_RUNS=1: proves that every workload completes without error; asserts
#                      no timing, draws no charts
#
# Both need libcurl's headers (apt-get install libcurl4-openssl-dev); `make bench` also uses wrk
# when it is installed (apt-get install wrk). See BENCHMARKS.md.
#
# Variables: RINET_LIB_DIR (where librinet.so is; default target/release) and CARGO_BUILD (the
# command that builds it; CARGO_BUILD=: when the library is already built, as the smoke test does).

CC ?= cc
CFLAGS ?= -O2
BENCH_CFLAGS = $(CFLAGS) -std=c11 -Wall -Wextra -Werror -Iinclude
RINET_LIB_DIR ?= target/release
CARGO_BUILD ?= cargo build --release
BENCH_OUT ?= target/bench

.PHONY: bench bench-smoke bench-build bench-driven bench-driven-build bench-trace install uninstall

bench-build:
	$(CARGO_BUILD)
	mkdir -p $(BENCH_OUT)
	$(CC) $(BENCH_CFLAGS) -pthread -o $(BENCH_OUT)/server benches/server.c
	$(CC) $(BENCH_CFLAGS) $$(curl-config --cflags) -o $(BENCH_OUT)/bench benches/bench.c \
		-L$(RINET_LIB_DIR) -Wl,-rpath,$(abspath $(RINET_LIB_DIR)) -lrinet -lpthread $$(curl-config --libs)

bench: bench-build
	BENCH_OUT=$(BENCH_OUT) $(BENCH_OUT)/bench; status=$$?; \
	BENCH_OUT=$(BENCH_OUT) sh benches/charts.sh benches/charts; exit $$status

bench-smoke: bench-build bench-driven-build
	BENCH_SCALE=tiny BENCH_RUNS=1 BENCH_OUT=$(BENCH_OUT)/smoke $(BENCH_OUT)/bench
	BENCH_SCALE=tiny BENCH_RUNS=1 BENCH_OUT=$(BENCH_OUT)/smoke $(BENCH_OUT)/driven

# ---- driven mode ---------------------------------------------------------------------------

bench-driven-build: bench-build
	$(CC) $(BENCH_CFLAGS) $$(curl-config --cflags) -o $(BENCH_OUT)/driven benches/driven.c \
		-L$(RINET_LIB_DIR) -Wl,-rpath,$(abspath $(RINET_LIB_DIR)) -lrinet -lpthread $$(curl-config --libs)

bench-driven: bench-driven-build
	BENCH_OUT=$(BENCH_OUT) $(BENCH_OUT)/driven

# ---- tracing overhead ---------------------------------------------------------------------

TRACE_RUNS ?= 7
TRACE_REQUESTS ?= 20000

bench-trace:
	$(CARGO_BUILD)
	mkdir -p $(BENCH_OUT)
	$(CC) $(BENCH_CFLAGS) -pthread -o $(BENCH_OUT)/server benches/server.c
	$(CC) $(BENCH_CFLAGS) -o $(BENCH_OUT)/trace_overhead benches/trace_overhead.c \
		-L$(RINET_LIB_DIR) -Wl,-rpath,$(abspath $(RINET_LIB_DIR)) -lrinet -lpthread
	BENCH_SERVER=$(BENCH_OUT)/server $(BENCH_OUT)/trace_overhead $(TRACE_RUNS) $(TRACE_REQUESTS)

# ---- install ------------------------------------------------------------------------------
#
#   make install PREFIX=/opt/rinet
#
# Variables: PREFIX (/usr/local), DESTDIR (staging root, empty), LIBDIR ($(PREFIX)/lib),
# INCLUDEDIR ($(PREFIX)/include), MANDIR ($(PREFIX)/share/man), and RINET_LIB_DIR / CARGO_BUILD
# as above (the tests install the library cargo built for them with CARGO_BUILD=:).
#
# The soname is librinet.so.<major>, or librinet.so.0.<minor> before 1.0 (build.rs links the
# library with the same name): librinet.so -> librinet.so.$(SOVERSION) -> librinet.so.$(VERSION).
#
# The installed libraries are stripped. The shared library's debug information goes to
# $(LIBDIR)/.debug/librinet.so.$(VERSION).debug, which the library names in its .gnu_debuglink
# section, so gdb and perf find it by themselves; librinet.a is stripped of debug information
# (link target/release/librinet.a instead to debug a static build).
#
# The man pages (section 3, one per function and type of rinet.h, rinet(3), and one per WinInet
# name) are generated from the header comments by scripts/manpages.py (python3) into
# $(MAN_BUILD), then installed under $(MANDIR)/man3.
#
# After a real install (no DESTDIR) as root, `make install` runs $(LDCONFIG); otherwise it
# prints what to run.

PREFIX ?= /usr/local
DESTDIR ?=
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
CMAKEDIR ?= $(LIBDIR)/cmake/rinet
DEBUGDIR ?= $(LIBDIR)/.debug
MANDIR ?= $(PREFIX)/share/man
MAN_BUILD ?= target/man
PYTHON ?= python3
OBJCOPY ?= objcopy
STRIP ?= strip
LDCONFIG ?= ldconfig

VERSION := $(shell sed -n 's/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -n 1)
VERSION_MAJOR := $(word 1,$(subst ., ,$(VERSION)))
VERSION_MINOR := $(word 2,$(subst ., ,$(VERSION)))
SOVERSION := $(if $(filter 0,$(VERSION_MAJOR)),0.$(VERSION_MINOR),$(VERSION_MAJOR))
# The system libraries librinet.a needs: what `cargo rustc -- --print native-static-libs` prints
# for it on Linux (glibc), less -lgcc_s. The compiler driver adds the unwinder itself (libgcc_s
# for a dynamic link, libgcc_eh for `cc -static`, where there is no libgcc_s to name).
STATIC_LIBS := -lutil -lrt -lpthread -lm -ldl -lc
SIZEOF_VOID_P := $(shell echo $$(( $$(getconf LONG_BIT) / 8 )))
# Where the CMake package finds the libraries and headers, relative to its own directory, so that
# an installed tree can be moved.
CMAKE_TO_LIBDIR := $(shell realpath -m --relative-to=$(CMAKEDIR) $(LIBDIR))
CMAKE_TO_INCLUDEDIR := $(shell realpath -m --relative-to=$(CMAKEDIR) $(INCLUDEDIR))

define subst_template
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
	    -e 's|@VERSION@|$(VERSION)|g' -e 's|@VERSION_MAJOR@|$(VERSION_MAJOR)|g' \
	    -e 's|@VERSION_MINOR@|$(VERSION_MINOR)|g' -e 's|@SOVERSION@|$(SOVERSION)|g' \
	    -e 's|@STATIC_LIBS@|$(STATIC_LIBS)|g' \
	    -e 's|@STATIC_LIBS_CMAKE@|$(subst $(eval) ,;,$(patsubst -l%,%,$(STATIC_LIBS)))|g' \
	    -e 's|@CMAKE_TO_LIBDIR@|$(CMAKE_TO_LIBDIR)|g' \
	    -e 's|@CMAKE_TO_INCLUDEDIR@|$(CMAKE_TO_INCLUDEDIR)|g' \
	    -e 's|@SIZEOF_VOID_P@|$(SIZEOF_VOID_P)|g' $(1) > $(2)
endef

.PHONY: man

man:
	rm -rf $(MAN_BUILD)
	$(PYTHON) scripts/manpages.py --out $(MAN_BUILD)

WIN32_HEADERS := $(notdir $(wildcard include/win32/*.h include/win32/*.H))
WIN32_PARTS := $(notdir $(wildcard include/win32/rinet-win32/*.h))

install:
	$(CARGO_BUILD)
	$(MAKE) --no-print-directory man MAN_BUILD=$(MAN_BUILD) PYTHON=$(PYTHON)
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(DEBUGDIR) $(DESTDIR)$(INCLUDEDIR)/rinet \
		$(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(CMAKEDIR) $(DESTDIR)$(MANDIR)/man3 \
		$(DESTDIR)$(INCLUDEDIR)/rinet/win32/rinet-win32
	$(OBJCOPY) --only-keep-debug $(RINET_LIB_DIR)/librinet.so \
		$(DESTDIR)$(DEBUGDIR)/librinet.so.$(VERSION).debug
	chmod 0644 $(DESTDIR)$(DEBUGDIR)/librinet.so.$(VERSION).debug
	$(OBJCOPY) --strip-debug --strip-unneeded \
		--add-gnu-debuglink=$(DESTDIR)$(DEBUGDIR)/librinet.so.$(VERSION).debug \
		$(RINET_LIB_DIR)/librinet.so $(DESTDIR)$(LIBDIR)/librinet.so.$(VERSION)
	chmod 0755 $(DESTDIR)$(LIBDIR)/librinet.so.$(VERSION)
	ln -sf librinet.so.$(VERSION) $(DESTDIR)$(LIBDIR)/librinet.so.$(SOVERSION)
	ln -sf librinet.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/librinet.so
	install -m 0644 $(RINET_LIB_DIR)/librinet.a $(DESTDIR)$(LIBDIR)/librinet.a
	$(STRIP) --strip-debug $(DESTDIR)$(LIBDIR)/librinet.a
	install -m 0644 include/rinet.h include/rinet.hpp $(DESTDIR)$(INCLUDEDIR)/
	install -m 0644 include/wininet.h include/wininet_sdk.h $(DESTDIR)$(INCLUDEDIR)/rinet/
	install -m 0644 $(addprefix include/win32/,$(WIN32_HEADERS)) $(DESTDIR)$(INCLUDEDIR)/rinet/win32/
	install -m 0644 $(addprefix include/win32/rinet-win32/,$(WIN32_PARTS)) \
		$(DESTDIR)$(INCLUDEDIR)/rinet/win32/rinet-win32/
	$(call subst_template,pkg/rinet.pc.in,$(DESTDIR)$(PKGCONFIGDIR)/rinet.pc)
	$(call subst_template,pkg/rinet-win32.pc.in,$(DESTDIR)$(PKGCONFIGDIR)/rinet-win32.pc)
	$(call subst_template,pkg/rinetConfig.cmake.in,$(DESTDIR)$(CMAKEDIR)/rinetConfig.cmake)
	$(call subst_template,pkg/rinetConfigVersion.cmake.in,$(DESTDIR)$(CMAKEDIR)/rinetConfigVersion.cmake)
	install -m 0644 $(MAN_BUILD)/*.3 $(DESTDIR)$(MANDIR)/man3/
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
		echo "$(LDCONFIG)"; $(LDCONFIG); \
	else \
		echo "librinet is installed in $(DESTDIR)$(LIBDIR). Once it is in place, run 'ldconfig' as root so that"; \
		echo "the dynamic linker finds librinet.so.$(SOVERSION), or point LD_LIBRARY_PATH at $(LIBDIR) when"; \
		echo "that directory is not one the dynamic linker searches."; \
	fi

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/librinet.so $(DESTDIR)$(LIBDIR)/librinet.so.$(SOVERSION) \
		$(DESTDIR)$(LIBDIR)/librinet.so.$(VERSION) $(DESTDIR)$(LIBDIR)/librinet.a \
		$(DESTDIR)$(DEBUGDIR)/librinet.so.$(VERSION).debug \
		$(DESTDIR)$(INCLUDEDIR)/rinet.h $(DESTDIR)$(INCLUDEDIR)/rinet.hpp \
		$(DESTDIR)$(INCLUDEDIR)/rinet/wininet.h $(DESTDIR)$(INCLUDEDIR)/rinet/wininet_sdk.h \
		$(DESTDIR)$(PKGCONFIGDIR)/rinet.pc \
		$(DESTDIR)$(CMAKEDIR)/rinetConfig.cmake $(DESTDIR)$(CMAKEDIR)/rinetConfigVersion.cmake \
		$(DESTDIR)$(PKGCONFIGDIR)/rinet-win32.pc \
		$(addprefix $(DESTDIR)$(INCLUDEDIR)/rinet/win32/,$(WIN32_HEADERS)) \
		$(addprefix $(DESTDIR)$(INCLUDEDIR)/rinet/win32/rinet-win32/,$(WIN32_PARTS))
	cd $(DESTDIR)$(MANDIR)/man3 2>/dev/null && rm -f $$($(PYTHON) $(CURDIR)/scripts/manpages.py --list) || true
	-rmdir $(DESTDIR)$(INCLUDEDIR)/rinet/win32/rinet-win32 $(DESTDIR)$(INCLUDEDIR)/rinet/win32 \
		$(DESTDIR)$(INCLUDEDIR)/rinet $(DESTDIR)$(CMAKEDIR) $(DESTDIR)$(DEBUGDIR) \
		$(DESTDIR)$(MANDIR)/man3 2>/dev/null
