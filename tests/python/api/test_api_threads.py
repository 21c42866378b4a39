"""Threads: clones used from 4 threads at once give the single-threaded results, and run() releases the GIL
(a Python counter thread keeps going while the C++ side runs)."""
import sys
import threading
import time

import numpy as np
import pytest

from api_testlib import mobilenet, oar, predict, zoo  # noqa: F401  (fixtures)


def test_clones_in_four_threads_match_a_single_thread(mobilenet):
    base = oar.create_predictor(oar.Config(str(mobilenet)))
    name = base.get_output_names()[0]
    rng = np.random.default_rng(21)
    # Each thread gets its own inputs, so mixed-up buffers between clones would show.
    inputs = [[rng.uniform(-1, 1, (b, 3, 224, 224)).astype(np.float32) for b in (1, 2)] for _ in range(4)]
    expected = [[predict(base, {"image": x})[name] for x in per_thread] for per_thread in inputs]

    clones = [base.clone() for _ in range(4)]
    results = [[None, None] for _ in range(4)]
    errors = []
    start = threading.Barrier(4)

    def work(i):
        try:
            start.wait()
            for rounds in range(2):
                for k, x in enumerate(inputs[i]):
                    results[i][k] = predict(clones[i], {"image": x})[name]
        except Exception as e:  # reported below with the thread's index
            errors.append((i, repr(e)))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for i in range(4):
        for k in range(2):
            np.testing.assert_array_equal(results[i][k], expected[i][k], err_msg=f"thread {i} input {k}")


def test_run_releases_the_gil(mobilenet):
    p = oar.create_predictor(oar.Config(str(mobilenet)))
    # A batch large enough that one run takes >= ~0.2 s here.
    x = np.random.default_rng(2).uniform(-1, 1, (1, 3, 224, 224)).astype(np.float32)
    p.run([x])  # the first run of a shape also prepares the kernels
    t0 = time.perf_counter()
    p.run([x])
    one = time.perf_counter() - t0
    batch = max(1, int(np.ceil(0.25 / max(one, 1e-3))))
    p.get_input_handle("image").copy_from_cpu(np.repeat(x, batch, axis=0))
    p.run()

    ticks = []
    stop = threading.Event()

    def counter():
        last = 0.0
        while not stop.is_set():
            now = time.perf_counter()
            if now - last >= 1e-4:
                ticks.append(now)
                last = now

    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    thread = threading.Thread(target=counter)
    thread.start()
    try:
        windows = []
        for _ in range(3):
            begin = time.perf_counter()
            p.run()
            end = time.perf_counter()
            windows.append((begin, end))
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(old_interval)
    # Only ticks well inside a run count: around the call itself, Python may switch threads at the switch
    # interval even if run() held the GIL.
    margin = 0.02
    inside = [sum(1 for t in ticks if b + margin < t < e - margin) for b, e in windows]
    spans = [e - b - 2 * margin for b, e in windows]
    if not all(s > 0.05 for s in spans):
        pytest.skip(f"runs too short to measure on this machine: {spans}")
    # With the GIL held during run() the counter thread cannot execute a single bytecode inside the
    # window; released, it ticks (how often depends on how loaded the machine is, so only > 0 is asserted).
    for n, s in zip(inside, spans):
        assert n > 0, f"counter thread never ran during {s:.3f} s of run(): GIL held? ({inside})"
