"""Install swiftemu from the nbdev 2 `settings.ini`.

The classic nbdev 2 template imports `pkg_resources`, which the setuptools pip
builds with no longer ships; this reads `settings.ini` with `configparser` and
splits the requirement lists with `shlex` instead.
"""
import shlex
from configparser import ConfigParser
from pathlib import Path

from setuptools import find_packages, setup

here = Path(__file__).parent
config = ConfigParser(delimiters=["="])
config.read(here / "settings.ini", encoding="utf-8")
cfg = config["DEFAULT"]

requirements = shlex.split(cfg.get("requirements", ""))
dev_requirements = shlex.split(cfg.get("dev_requirements", ""))
distributed_requirements = shlex.split(cfg.get("distributed_requirements", ""))
scripts = [s.strip() for s in cfg.get("console_scripts", "").splitlines() if s.strip()]

setup(
    name=cfg["lib_name"],
    version=cfg["version"],
    description=cfg["description"],
    long_description=(here / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    author=cfg["author"],
    author_email=cfg["author_email"],
    license="BSD-3-Clause",
    url=cfg["git_url"],
    keywords=cfg["keywords"],
    python_requires=f">={cfg['min_python']}",
    packages=find_packages(include=[cfg["lib_path"], f"{cfg['lib_path']}.*"]),
    include_package_data=True,
    package_data={cfg["lib_path"]: ["data/*", "data/**/*"]},
    install_requires=requirements,
    extras_require={"dev": dev_requirements, "distributed": distributed_requirements},
    entry_points={"console_scripts": scripts, "nbdev": [f"{cfg['lib_path']}=swiftemu._modidx:d"]},
    zip_safe=False,
)
