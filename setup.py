"""Build step of the mlaudit wheel (setuptools, PEP 517 via pyproject.toml).

`build` runs `swift build -c release --static-swift-stdlib --product mlaudit` and `install` copies the binary into
the scripts folder, so the wheel carries it as `mlaudit-VERSION.data/scripts/mlaudit` and pip puts it on the
environment's PATH. The wheel is tagged for this platform (py3-none-linux_x86_64, ...), never py3-none-any.

Environment:
  MLAUDIT_SWIFT          the swift executable (default: `swift` on PATH)
  MLAUDIT_SCRATCH_PATH   SwiftPM's scratch folder (default: .build-wheel beside this file; reused between builds)
"""
import os
import re
import shutil
import subprocess
import sysconfig

from setuptools import Command, setup
from setuptools.command.build import build as _build
from setuptools.command.install import install as _install

try:
    from setuptools.command.bdist_wheel import bdist_wheel as _bdist_wheel
except ImportError:  # setuptools < 70.1
    from wheel.bdist_wheel import bdist_wheel as _bdist_wheel

HERE = os.path.dirname(os.path.abspath(__file__))


def version():
    """The version `mlaudit --version` prints: `enum MLAuditVersion { public static let value = "X" }` in Sources/."""
    pattern = re.compile(r'enum MLAuditVersion \{ public static let value = "([^"]+)" \}')
    for folder, _, files in sorted(os.walk(os.path.join(HERE, "Sources"))):
        for name in sorted(files):
            if name.endswith(".swift"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    m = pattern.search(f.read())
                if m:
                    return m.group(1)
    raise RuntimeError("MLAuditVersion.value not found under Sources/")


class build_swift(Command):
    """Compile the release binary with the Swift runtime linked in."""

    description = "swift build -c release --static-swift-stdlib --product mlaudit"
    user_options = []

    def initialize_options(self):
        self.build_temp = None

    def finalize_options(self):
        self.set_undefined_options("build", ("build_temp", "build_temp"))

    def run(self):
        swift = os.environ.get("MLAUDIT_SWIFT") or shutil.which("swift")
        if not swift:
            raise RuntimeError("building the mlaudit wheel needs a Swift 6.3 toolchain: put `swift` on PATH or set MLAUDIT_SWIFT")
        scratch = os.environ.get("MLAUDIT_SCRATCH_PATH") or os.path.join(HERE, ".build-wheel")
        args = [swift, "build", "-c", "release", "--static-swift-stdlib", "--product", "mlaudit",
                "--package-path", HERE, "--scratch-path", scratch]
        self.announce(" ".join(args), level=2)
        subprocess.check_call(args)
        bin_dir = subprocess.check_output(args + ["--show-bin-path"], text=True).strip()
        out_dir = os.path.join(self.build_temp, "mlaudit-bin")
        os.makedirs(out_dir, exist_ok=True)
        target = os.path.join(out_dir, "mlaudit")
        shutil.copy2(os.path.join(bin_dir, "mlaudit"), target)
        strip = shutil.which("strip")
        if strip:
            subprocess.check_call([strip, target])


class build(_build):
    sub_commands = _build.sub_commands + [("build_swift", None)]


class install_mlaudit(Command):
    """Copy the built binary into the scripts folder (the wheel's .data/scripts)."""

    description = "install the mlaudit binary into the scripts folder"
    user_options = []

    def initialize_options(self):
        self.install_dir = None
        self.build_temp = None

    def finalize_options(self):
        self.set_undefined_options("install", ("install_scripts", "install_dir"))
        self.set_undefined_options("build", ("build_temp", "build_temp"))

    def run(self):
        source = os.path.join(self.build_temp, "mlaudit-bin", "mlaudit")
        if not os.path.exists(source):
            self.run_command("build_swift")
        os.makedirs(self.install_dir, exist_ok=True)
        self.outfiles = self.copy_file(source, os.path.join(self.install_dir, "mlaudit"))[:1]
        os.chmod(self.outfiles[0], 0o755)

    def get_outputs(self):
        return [os.path.join(self.install_dir, "mlaudit")]


class install(_install):
    sub_commands = _install.sub_commands + [("install_mlaudit", None)]

    def finalize_options(self):
        super().finalize_options()
        # The binary is platform code: install it as such, never into a "pure" location.
        self.install_lib = self.install_platlib


class bdist_wheel(_bdist_wheel):
    def finalize_options(self):
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):
        return "py3", "none", sysconfig.get_platform().replace("-", "_").replace(".", "_")


setup(
    version=version(),
    cmdclass={
        "build": build,
        "build_swift": build_swift,
        "install": install,
        "install_mlaudit": install_mlaudit,
        "bdist_wheel": bdist_wheel,
    },
)
