"""Save emulators with swiftemu 0.1.0 (format 1) and their predictions: the fixtures of tests/test_saved_v0_1_0.py.

Usage: git worktree add /tmp/v010 31d7d15 && python scripts/make_v0_1_0_fixtures.py /tmp/v010 tests/data/v0_1_0
"""
import sys, json
sys.path.insert(0, sys.argv[1])  # a checkout of commit 31d7d15 (swiftemu 0.1.0)
import numpy as np, xarray as xr
import swiftemu as se
print(se.__file__, se.__version__)
from swiftemu.design import create_hypercube, create_cube
from swiftemu.emulators import (GaussianProcessEmulator, GaussianProcessEmulatorBins, GaussianProcessEmulator1D,
                                MultipleGaussianProcessEmulator, LinearModelEmulator, GaussianProcessEmulatorMCMC)
def log_schechter(log_M, log_M_star, alpha):
    M, M_star = 10**log_M, 10**log_M_star
    return np.log10((1 / M_star) * (M / M_star) ** alpha * np.exp(-M / M_star))
spec = se.ModelSpecification(2, ["log_M_star", "alpha"], [[11.0, 12.0], [-3.0, -1.0]])
mp = create_hypercube(spec, 16, random_state=7)
x = np.linspace(10, 12, 8)
mv = se.ModelValues({u: {"independent": x, "dependent": log_schechter(x, **p), "dependent_error": np.full(8, 0.02)} for u, p in mp.items()})
mv1 = se.ModelValues({u: {"independent": [None], "dependent": [log_schechter(11.0, **p)], "dependent_error": [0.02]} for u, p in mp.items()})
points = create_cube(spec, 10, random_state=3)
x_new = np.linspace(10.1, 11.9, 5)
out = sys.argv[2]
emulators = {
    "gaussian_process": GaussianProcessEmulator(random_state=0).fit_model(spec, mp, mv),
    "bins": GaussianProcessEmulatorBins(random_state=0).fit_model(spec, mp, mv),
    "one_dimensional": GaussianProcessEmulator1D(random_state=0).fit_model(spec, mp, mv1),
    "multiple": MultipleGaussianProcessEmulator(independent_regions=[[None, 11.2], [10.8, None]], random_state=0).fit_model(spec, mp, mv),
    "linear": LinearModelEmulator().fit_model(spec, mp, mv),
    "mcmc": GaussianProcessEmulatorMCMC(burn_in_steps=20, mcmc_steps=20, walkers=8, samples_for_error=4, random_state=0, progress=False).fit_model(spec, mp, mv),
}
expected = {}
for name, em in emulators.items():
    em.save(f"{out}/{name}.nc", overwrite=True)
    at = x if name == "bins" else (None if name == "one_dimensional" else x_new)
    ds = em.predict(points) if name == "one_dimensional" else em.predict(at, points)
    expected[name] = ds
    ds.to_netcdf(f"{out}/{name}_predictions.nc", engine="h5netcdf")
print({k: float(v["dependent"].values.ravel()[0]) for k, v in expected.items()})
