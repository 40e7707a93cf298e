"""Names of the FashionMNIST files and of the variables that point at them: one definition for the
launcher (which imports no torch), the parent's data helpers and the child's loaders."""

# The quick profile's FashionMNIST files in the package data: what the submission may read,
# and the held-out images only the trusted parent scores on (never mounted into the sandbox).
QUICK_FILE = "fashion_quick.npz"
QUICK_HELDOUT_FILE = "fashion_quick_heldout.npz"

# The full profile: torchvision's four raw files, and the sandbox's view of them that the trusted
# parent materialises (train and the `test` half of t10k, never the held-out half).
RAW_NAMES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)
FULL_TEST_SIZE = 5_000  # t10k[:5000] is `test`, t10k[5000:] is `heldout`
FULL_VIEW_FILE = "fashion_full.npz"

# Environment variables the sandbox launcher sets to the read-only data locations.
PACKAGE_DATA_ENV = "DLPREP_PACKAGE_DATA"
DATA_ROOT_ENV = "DLPREP_DATA"

# The grading device ("cpu" or "cuda", resolved by the parent): what the child's Build("device") is.
DEVICE_ENV = "DLPREP_DEVICE"
