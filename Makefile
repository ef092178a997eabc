# OneStop: the two commands of the contract are `make run` and `make test`.
.PHONY: run test test-clock lint setup bench shell screenshots

run:    ## install what is missing, create the database once, serve http://localhost:8069
	bash scripts/run.sh

test:   ## every test on a fresh database; ends with "N passed, N failed"
	bash scripts/test.sh

test-clock:  ## the Odoo tests under faketime at five instants (Vietnam time), then suite tests and lint
	bash scripts/test-clock.sh

lint:   ## ruff and pylint-odoo (OCA mandatory checks)
	bash scripts/setup.sh && bash scripts/lint.sh

setup:  ## only prepare the environment
	bash scripts/setup.sh

bench:  ## performance benchmarks (tests/bench)
	bash scripts/bench.sh

screenshots:  ## the README's screenshots (docs/img) from `make run`'s database, served if need be
	bash -c 'source scripts/env.sh && scripts/setup.sh && "$$ONESTOP_VENV/bin/python" scripts/screenshots.py --serve'
