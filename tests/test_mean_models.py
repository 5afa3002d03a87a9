"""Mean models agree with scikit-learn (installed with swiftemulator) on the same inputs."""
import numpy as np
import pytest

from swiftemu.emulators.mean_models import LinearMeanModel, PolynomialMeanModel

sklearn_linear = pytest.importorskip("sklearn.linear_model")
sklearn_pre = pytest.importorskip("sklearn.preprocessing")


@pytest.mark.parametrize("alpha", [0.0, 0.001, 0.05])
def test_linear_and_lasso_match_scikit_learn(alpha):
    rng = np.random.default_rng(3)
    X = rng.random((80, 4))
    y = 1.0 + X @ np.array([2.0, 0.0, -1.0, 0.3]) + rng.normal(0, 0.05, 80)
    ours = LinearMeanModel(alpha)
    ours.train(X, y)
    theirs = (sklearn_linear.Lasso(alpha=alpha, tol=1e-12, max_iter=100_000) if alpha else
              sklearn_linear.LinearRegression()).fit(X, y)
    np.testing.assert_allclose(ours.weights, theirs.coef_, atol=1e-7)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), atol=1e-7)


def test_polynomial_matches_scikit_learn_pipeline():
    rng = np.random.default_rng(4)
    X = rng.random((120, 3))
    y = np.sin(3 * X[:, 0]) + X[:, 1] * X[:, 2]
    ours = PolynomialMeanModel(degree=3)
    ours.train(X, y)
    features = sklearn_pre.PolynomialFeatures(degree=3).fit_transform(X)
    theirs = sklearn_linear.LinearRegression().fit(features, y)
    assert features.shape[1] == len(ours.powers) + 1
    np.testing.assert_allclose(ours.predict(X), theirs.predict(features), atol=1e-9)
