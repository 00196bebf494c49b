/// Data for the undeclared-import check (MLA131): which top-level import names ship with Python, which
/// distribution provides an import name whose distribution is named differently, and which distributions a
/// declared one installs with it (so an import they provide is not missing from a fresh install).
package enum PythonDistributions {
    /// Python 3.11's `sys.stdlib_module_names` (public names), plus a few removed or Python 2 names old code
    /// still imports under a guard.
    package static let standardLibrary: Set<String> = [
        "ConfigParser", "HTMLParser", "Queue", "StringIO", "__builtin__", "__future__", "__main__", "_thread", "abc",
        "aifc", "antigravity", "argparse", "array", "ast", "asynchat", "asyncio", "asyncore", "atexit", "audioop",
        "base64", "bdb", "binascii", "bisect", "builtins", "bz2", "cPickle", "cProfile", "cStringIO", "calendar",
        "cgi", "cgitb", "chunk", "cmath", "cmd", "code", "codecs", "codeop", "collections", "colorsys", "commands",
        "compileall", "concurrent", "configparser", "contextlib", "contextvars", "copy", "copyreg", "crypt", "csv",
        "ctypes", "curses", "dataclasses", "datetime", "dbm", "decimal", "difflib", "dis", "distutils", "doctest",
        "email", "encodings", "ensurepip", "enum", "errno", "faulthandler", "fcntl", "filecmp", "fileinput",
        "fnmatch", "fractions", "ftplib", "functools", "gc", "genericpath", "getopt", "getpass", "gettext", "glob",
        "graphlib", "grp", "gzip", "hashlib", "heapq", "hmac", "html", "http", "httplib", "idlelib", "imaplib",
        "imghdr", "imp", "importlib", "inspect", "io", "ipaddress", "itertools", "json", "keyword", "lib2to3",
        "linecache", "locale", "logging", "lzma", "mailbox", "mailcap", "marshal", "math", "mimetypes", "mmap",
        "modulefinder", "msilib", "msvcrt", "multiprocessing", "netrc", "nis", "nntplib", "nt", "ntpath",
        "nturl2path", "numbers", "opcode", "operator", "optparse", "os", "ossaudiodev", "pathlib", "pdb", "pickle",
        "pickletools", "pipes", "pkgutil", "platform", "plistlib", "poplib", "posix", "posixpath", "pprint",
        "profile", "pstats", "pty", "pwd", "py_compile", "pyclbr", "pydoc", "pydoc_data", "pyexpat", "queue",
        "quopri", "random", "re", "readline", "reprlib", "resource", "rlcompleter", "runpy", "sched", "secrets",
        "select", "selectors", "shelve", "shlex", "shutil", "signal", "site", "smtpd", "smtplib", "sndhdr", "socket",
        "socketserver", "spwd", "sqlite3", "sre_compile", "sre_constants", "sre_parse", "ssl", "stat", "statistics",
        "string", "stringprep", "struct", "subprocess", "sunau", "symtable", "sys", "sysconfig", "syslog",
        "tabnanny", "tarfile", "telnetlib", "tempfile", "termios", "textwrap", "this", "thread", "threading", "time",
        "timeit", "tkinter", "token", "tokenize", "tomllib", "trace", "traceback", "tracemalloc", "tty", "turtle",
        "turtledemo", "types", "typing", "unicodedata", "unittest", "urllib", "urllib2", "urlparse", "uu", "uuid",
        "venv", "warnings", "wave", "weakref", "webbrowser", "winreg", "winsound", "wsgiref", "xdrlib", "xml",
        "xmlrpc", "zipapp", "zipfile", "zipimport", "zlib", "zoneinfo",
    ]

    /// Names that are always present where Python packages are installed (pip's own environment).
    package static let alwaysInstalled: Set<String> = [
        "pip", "setuptools", "pkg_resources", "wheel", "_distutils_hack",
    ]

    /// Import name -> the distributions that provide it, where the names differ (normalized: lowercase, `-`).
    /// An import name not listed here is provided by the distribution of the same normalized name.
    package static let providers: [String: [String]] = [
        "yaml": ["pyyaml"],
        "cv2": [
            "opencv-python", "opencv-python-headless", "opencv-contrib-python",
            "opencv-contrib-python-headless",
        ],
        "sklearn": ["scikit-learn"], "skimage": ["scikit-image"], "PIL": ["pillow", "pillow-simd"],
        "bs4": ["beautifulsoup4"], "dateutil": ["python-dateutil"], "dotenv": ["python-dotenv"],
        "google.protobuf": ["protobuf"], "attr": ["attrs"], "fitz": ["pymupdf"], "git": ["gitpython"],
        "jwt": ["pyjwt"], "magic": ["python-magic"], "serial": ["pyserial"], "usb": ["pyusb"],
        "Crypto": ["pycryptodome"], "OpenSSL": ["pyopenssl"], "wx": ["wxpython"], "zmq": ["pyzmq"],
        "lightning": ["lightning", "pytorch-lightning"], "pytorch_lightning": ["pytorch-lightning", "lightning"],
        "hydra": ["hydra-core"], "omegaconf": ["omegaconf", "hydra-core"], "sentencepiece": ["sentencepiece"],
        "faiss": ["faiss-cpu", "faiss-gpu"], "flash_attn": ["flash-attn"], "apex": ["apex"],
        "mpi4py": ["mpi4py"], "Levenshtein": ["levenshtein", "python-levenshtein"], "docx": ["python-docx"],
        "pptx": ["python-pptx"], "lxml": ["lxml"], "tensorflow": ["tensorflow", "tensorflow-cpu", "tf-nightly"],
        "torch": ["torch", "pytorch"], "mmcv": ["mmcv", "mmcv-full"], "pycocotools": ["pycocotools"],
        "websocket": ["websocket-client"], "multipart": ["python-multipart"], "jose": ["python-jose"],
        "slugify": ["python-slugify"], "fvcore": ["fvcore"], "iopath": ["iopath"], "nvidia.dali": ["nvidia-dali"],
        "google.cloud.storage": ["google-cloud-storage"], "googleapiclient": ["google-api-python-client"],
        "tree": ["dm-tree"], "functorch": ["torch"], "caffe2": ["torch"],
        "transformer_engine": ["transformer-engine"], "transformer_engine_extensions": ["transformer-engine"],
        "google.api_core": ["google-api-core"], "google.auth": ["google-auth"], "absl": ["absl-py"],
        "tensorboardX": ["tensorboardx"],
        "sentence_transformers":
            ["sentence-transformers"], "imblearn": ["imbalanced-learn"], "pkg_resources": ["setuptools"],
        "typing_extensions": ["typing-extensions"], "ruamel": ["ruamel.yaml", "ruamel-yaml"],
        "llama_cpp": ["llama-cpp-python"], "vllm": ["vllm"], "deepspeed": ["deepspeed"],
    ]

    /// Distribution names known to exist (the tables' own), the only ones a fix diff writes.
    package static let known: Set<String> = Set(providers.values.joined()).union(bringsAlong.keys).union(
        bringsAlong.values.joined())

    /// Distribution -> distributions it always installs (its own required dependencies), for the common ML stack.
    /// An import of one of these is satisfied once the distribution on the left is declared.
    package static let bringsAlong: [String: [String]] = [
        "torch": ["filelock", "typing-extensions", "sympy", "networkx", "jinja2", "fsspec", "markupsafe", "mpmath"],
        "transformers": [
            "huggingface-hub", "numpy", "packaging", "pyyaml", "regex", "requests", "tokenizers",
            "safetensors", "tqdm", "filelock", "fsspec",
        ],
        "datasets": [
            "numpy", "pyarrow", "dill", "pandas", "requests", "tqdm", "xxhash", "multiprocess", "fsspec",
            "aiohttp", "huggingface-hub", "packaging", "pyyaml", "filelock",
        ],
        "accelerate": ["numpy", "packaging", "psutil", "pyyaml", "torch", "huggingface-hub", "safetensors"],
        "peft": [
            "numpy", "packaging", "psutil", "pyyaml", "torch", "transformers", "tqdm", "accelerate",
            "safetensors", "huggingface-hub",
        ],
        "trl": ["accelerate", "datasets", "transformers"],
        "evaluate": [
            "datasets", "numpy", "dill", "pandas",
            "requests", "tqdm", "xxhash", "multiprocess", "fsspec", "huggingface-hub", "packaging",
        ],
        "huggingface-hub": ["filelock", "fsspec", "packaging", "pyyaml", "requests", "tqdm", "typing-extensions"],
        "pytorch-lightning": [
            "torch", "tqdm", "pyyaml", "fsspec", "torchmetrics", "packaging",
            "typing-extensions", "lightning-utilities",
        ],
        "lightning": [
            "torch", "tqdm", "pyyaml", "fsspec", "torchmetrics", "packaging", "typing-extensions",
            "lightning-utilities",
        ],
        "torchmetrics": ["numpy", "packaging", "torch", "lightning-utilities"],
        "hydra-core": ["omegaconf", "antlr4-python3-runtime", "packaging"], "omegaconf": ["pyyaml"],
        "torchvision": ["numpy", "torch", "pillow"], "torchaudio": ["torch"],
        "pandas": ["numpy", "python-dateutil", "pytz", "tzdata"], "scipy": ["numpy"],
        "scikit-learn": ["numpy", "scipy", "joblib", "threadpoolctl"],
        "scikit-image": [
            "numpy", "scipy", "pillow",
            "networkx", "imageio", "tifffile",
        ],
        "matplotlib": ["numpy", "pillow", "packaging", "pyparsing", "python-dateutil", "cycler", "kiwisolver"],
        "seaborn": ["numpy", "pandas", "matplotlib"], "opencv-python": ["numpy"],
        "wandb": [
            "click", "gitpython", "requests", "psutil", "pyyaml", "protobuf", "sentry-sdk", "setproctitle",
            "platformdirs", "pydantic",
        ],
        "tensorboard": ["numpy", "protobuf", "markdown", "werkzeug", "grpcio", "absl-py"],
        "tensorflow": [
            "numpy", "protobuf", "absl-py", "h5py", "keras", "tensorboard", "packaging", "six",
            "termcolor", "wrapt", "grpcio", "ml-dtypes", "opt-einsum", "gast", "flatbuffers", "astunparse",
        ],
        "keras": ["numpy", "absl-py", "rich", "namex", "h5py", "optree", "ml-dtypes", "packaging"],
        "jax": ["numpy", "ml-dtypes", "opt-einsum", "scipy"],
        "flax": [
            "jax", "numpy", "msgpack", "optax",
            "orbax-checkpoint", "rich", "pyyaml", "tensorstore", "typing-extensions",
        ],
        "optax": ["absl-py", "chex", "jax", "numpy"],
        "mlflow": [
            "click", "gitpython", "pyyaml", "requests",
            "numpy", "pandas", "packaging", "protobuf", "sqlalchemy", "flask", "alembic", "docker",
        ],
        "fvcore": ["numpy", "yacs", "pyyaml", "tqdm", "termcolor", "pillow", "tabulate", "iopath"],
        "iopath": ["tqdm", "portalocker"],
        "timm": [
            "torch", "torchvision", "pyyaml", "huggingface-hub",
            "safetensors",
        ],
        "sentence-transformers": [
            "transformers", "tqdm", "torch", "scikit-learn", "scipy", "huggingface-hub",
            "pillow",
        ],
        "requests": ["urllib3", "idna", "certifi", "charset-normalizer"], "click": [],
        "rich": [
            "pygments",
            "markdown-it-py",
        ],
        "gradio": [
            "numpy", "pandas", "pillow", "pyyaml", "requests", "fastapi", "uvicorn", "httpx", "jinja2",
            "huggingface-hub", "pydantic", "packaging", "orjson", "markupsafe",
        ],
        "fastapi": ["pydantic", "starlette", "typing-extensions"],
        "ultralytics": [
            "numpy", "opencv-python",
            "pillow", "pyyaml", "requests", "scipy", "torch", "torchvision", "tqdm", "psutil", "pandas",
            "matplotlib", "seaborn",
        ],
        "deepspeed": ["numpy", "packaging", "psutil", "pydantic", "torch", "tqdm", "py-cpuinfo", "hjson", "ninja"],
        "fire": ["six", "termcolor"], "nltk": ["click", "joblib", "regex", "tqdm"],
        "tiktoken": ["regex", "requests"],
        "openai": [
            "httpx", "pydantic", "anyio", "distro", "tqdm",
            "typing-extensions",
        ],
        "bitsandbytes": ["torch", "numpy"], "einops": [], "safetensors": [],
        "pytest": ["iniconfig", "packaging", "pluggy"], "boto3": ["botocore", "s3transfer", "jmespath"],
        "google-cloud-storage": [
            "google-api-core", "google-auth", "google-cloud-core", "google-resumable-media",
            "requests", "protobuf",
        ],
        "flask": ["werkzeug", "jinja2", "itsdangerous", "click", "blinker"],
    ]
}
