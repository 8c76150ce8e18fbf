# Sourced by scripts/newsindex and scripts/test: make sure .venv exists and holds this checkout.
# Needs only python3. Re-installs when pyproject.toml is newer than the venv's stamp.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
stamp="$venv/.newsindex-installed"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" >&2 || { echo "newsindex: could not create $venv (is python3-venv installed?)" >&2; exit 1; }
fi
if [ ! -f "$stamp" ] || [ "$root/pyproject.toml" -nt "$stamp" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$root[test]" >&2 \
        || { echo "newsindex: installing into $venv failed" >&2; exit 1; }
    touch "$stamp"
fi
