"""Wrong: reset() starts over with a single sum, so an accumulator of n > 1 loses its other sums."""


class Accumulator:
    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args, strict=False)]

    def reset(self):
        self.data = [0.0]

    def __getitem__(self, idx):
        return self.data[idx]
