# The two commands of the README. Each creates .venv when it is missing and (re)installs the project with its
# dev extras when settings.ini or setup.py change.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-swiftemu

.PHONY: test demo docs install sync-check test-slow test-browser benchmark bench clean

# nbdev_test runs two notebooks at once on CI's two cores: one BLAS thread each, or the threads oversubscribe the
# cores (the notebooks took 6.5x as long with two threads each). A value set in the environment wins.
ONE_THREAD := OPENBLAS_NUM_THREADS=$${OPENBLAS_NUM_THREADS:-1} OMP_NUM_THREADS=$${OMP_NUM_THREADS:-1} \
	MKL_NUM_THREADS=$${MKL_NUM_THREADS:-1}

$(STAMP): settings.ini setup.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

## fail when nbdev_export would change swiftemu/ (notebooks and package out of sync)
sync-check: install
	@bash scripts/check_sync.sh

## every notebook (nbdev_test, `#| slow` cells skipped) and the pytest suite
test: sync-check
	$(ONE_THREAD) MPLBACKEND=Agg $(BIN)/nbdev_test --n_workers 2 --do_print
	$(ONE_THREAD) MPLBACKEND=Agg $(BIN)/python -m pytest -q tests --ignore=tests/browser

## everything: the notebooks including cells marked `#| slow` (refits, the calibration tutorial), and the pytest suite
test-slow: sync-check
	$(ONE_THREAD) MPLBACKEND=Agg $(BIN)/nbdev_test --n_workers 2 --do_print --flags slow
	$(ONE_THREAD) MPLBACKEND=Agg $(BIN)/python -m pytest -q tests --ignore=tests/browser

## the docs site and the end-to-end tutorial in JupyterLab, in headless Chromium (Debian's `chromium`; `.ci/run`
## installs it and makes these tests fail instead of skipping when it cannot)
test-browser: docs
	$(ONE_THREAD) $(BIN)/python -m pytest -q tests/browser

## side-by-side benchmarks against swiftemulator 1.3.1 (about an hour; writes benchmarks/results*.md)
benchmark: install
	@status=0; \
	$(BIN)/python benchmarks/emulator_vs_reference.py || status=1; \
	$(BIN)/python benchmarks/analysis_vs_reference.py || status=1; \
	$(BIN)/python benchmarks/comparison_vs_reference.py || status=1; \
	$(BIN)/python benchmarks/calibration_vs_reference.py || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/generalisation.py || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/generalisation.py --seeds 404,505,606 --variant "default={}" \
		--variant 'uncalibrated={"calibrate_variance": false}' --variant 'matern52={"kernel": "matern52"}' \
		--output benchmarks/results_generalisation_fresh || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/kernel_choice.py || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/kernel_choice.py --seeds 404,505,606 \
		--output benchmarks/results_kernel_choice_fresh || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/map_priors.py || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/hyperparameter_error.py || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/hyperparameter_error.py --seeds 101,202,303 \
		--output benchmarks/results_hyperparameter_error_tuned || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/fit_cost.py || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/fit_cost.py --seeds 404,505,606 || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/one_point.py || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/one_point.py --seeds 404,505,606 || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/variance_factor.py || status=1; \
	$(BIN)/python benchmarks/scale.py || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/iterative_vs_dense.py || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/calibration_coverage.py || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/nroy_sampling.py || status=1; \
	$(ONE_THREAD) $(BIN)/python benchmarks/distributed.py || status=1; \
	$(BIN)/python benchmarks/report.py; \
	exit $$status

bench: benchmark

## execute the tutorials into _demo/ (HTML), then build the docs site into _docs/
demo: install
	@bash scripts/demo.sh
	@$(BIN)/python scripts/docs.py --jobs 2

## the documentation site in _docs/: every notebook executed (slow cells left out) and rendered with nbdev's
## show_doc, a sidebar in nbs/sidebar.yml's order and a local MathJax; a notebook that fails stops it, named
docs: install
	@$(BIN)/python scripts/docs.py --jobs 2

clean:
	rm -rf _demo _docs _proc .pytest_cache
