class Accumulator:
    """n running sums, kept as Python floats (d2l 3.6)."""

    def __init__(self, n):
        # Your code here: n sums, all 0.0, in self.data
        raise NotImplementedError

    def add(self, *args):
        # Your code here: add float(args[i]) to the i-th sum
        raise NotImplementedError

    def reset(self):
        raise NotImplementedError

    def __getitem__(self, idx):
        raise NotImplementedError
