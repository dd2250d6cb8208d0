"""The Binder recipe, replayed the way repo2docker runs it, without Docker: binder/postBuild as a
non-root user (uid 1000 when the suite runs as root) in a clean environment with its own HOME, a
fresh Maven repository and its own Python environment (Binder's conda env, where --sys-prefix is
writable); then the tour executed with the kernel that postBuild installed."""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
JOVYAN = 1000


def repository_files():
    """The files a clone would have: tracked and new, minus what .gitignore excludes."""
    out = subprocess.run(["git", "-C", REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         check=True, capture_output=True).stdout
    return [f for f in out.decode().split("\0") if f and os.path.isfile(os.path.join(REPO, f))]


class BinderTests(unittest.TestCase):
    def test_postbuild_installs_a_kernel_that_runs_the_tour(self):
        with open(os.path.join(REPO, "binder", "apt.txt")) as f:
            packages = [p for p in f.read().split() if not p.startswith("#")]
        status = subprocess.run(["dpkg-query", "-W", "-f=${Status}\n", *packages], capture_output=True, text=True)
        self.assertEqual(status.stdout.count("install ok installed"), len(packages),
                         f"binder/apt.txt names packages this machine lacks (.ci/run installs them): {packages}")
        sim = tempfile.mkdtemp(prefix="ptlab-binder-")
        try:
            home, env_dir = os.path.join(sim, "home"), os.path.join(sim, "env")
            for f in repository_files():
                os.makedirs(os.path.dirname(os.path.join(home, f)), exist_ok=True)
                shutil.copy2(os.path.join(REPO, f), os.path.join(home, f))
            subprocess.run(["/usr/bin/python3", "-m", "venv", "--without-pip", "--system-site-packages", env_dir], check=True)
            jupyter = os.path.join(env_dir, "bin", "jupyter")
            with open(jupyter, "w") as f:
                f.write(f"#!{env_dir}/bin/python3\nfrom jupyter_core.command import main\nmain()\n")
            os.chmod(jupyter, 0o755)
            os.chmod(sim, 0o755)
            as_user = []
            if os.geteuid() == 0:
                subprocess.run(["chown", "-R", f"{JOVYAN}:{JOVYAN}", sim], check=True)
                as_user = ["setpriv", f"--reuid={JOVYAN}", f"--regid={JOVYAN}", "--clear-groups"]
            # Java takes user.home from the password file, not HOME: pin it, or Maven would use uid 1000's real home.
            env = {"HOME": home, "USER": "jovyan", "LANG": "C.UTF-8", "JAVA_TOOL_OPTIONS": f"-Duser.home={home}",
                   "PATH": f"{env_dir}/bin:/usr/local/bin:/usr/bin:/bin"}

            def run(script, timeout):
                started = time.monotonic()
                done = subprocess.run(as_user + ["bash", "-c", script], cwd=home, env=env, capture_output=True,
                                      text=True, timeout=timeout)
                self.assertEqual(done.returncode, 0, f"{script}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
                return time.monotonic() - started

            built = run("./binder/postBuild", 1200)
            self.assertTrue(os.path.isfile(os.path.join(env_dir, "share", "jupyter", "kernels", "ptlab", "kernel.json")),
                            "postBuild did not install the kernelspec into the environment's prefix")
            self.assertTrue(os.path.isdir(os.path.join(home, ".m2", "repository", "org", "knowm", "xchart")),
                            "postBuild did not leave the Maven cache in the image's home")
            ran = run("python3 -m nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=ptlab "
                      "--ExecutePreprocessor.timeout=600 --output-dir=$HOME/out notebooks/00-tour.ipynb", 900)
            print(f"binder: postBuild {built:.0f} s, tour {ran:.0f} s", flush=True)
            tour = nbformat.read(os.path.join(home, "out", "00-tour.ipynb"), as_version=4)
            outputs = [o for c in tour.cells if c.cell_type == "code" for o in c.outputs]
            self.assertEqual([o for o in outputs if o.output_type == "error"], [])
            self.assertIn("image/png", {m for o in outputs for m in o.get("data", {})})
        finally:
            shutil.rmtree(sim, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
