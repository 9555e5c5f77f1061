"""The headless command line: check, gradcheck, train, evaluate, predict and export.

Every kind of bad input ends in one clear line on stderr and a non-zero exit,
never a traceback: the expected error types are caught in `main`, and argparse's
complaints are turned into that one line too (no usage block).

Exit codes: 0 done, 1 the run failed (diverged, out of memory), 2 bad input,
130 interrupted (Ctrl+C, SIGINT), 128 + N stopped by signal N (SIGTERM 143, SIGHUP 129).
A signal mid-save leaves the old file whole and no temporary file behind.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
from pathlib import Path

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130
#: the signals that stop a run cleanly (as Ctrl+C does): Python's default would kill it mid-write
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class CliError(Exception):
    """A problem to report in one line; carries the exit code."""

    def __init__(self, message: str, code: int = EXIT_BAD_INPUT):
        super().__init__(message)
        self.code = code


class Stopped(BaseException):
    """A stop signal arrived: raised where the program is, so `finally` blocks and
    core.io.atomic's clean-up run, as for Ctrl+C."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, frame) -> None:
    raise Stopped(signum)


class _ArgumentParser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one `error:` line (a CliError), not a usage block."""

    def error(self, message: str):
        raise CliError(f"{message} (see: {self.prog} --help)")


def _epochs(text: str) -> int:
    """--epochs: a whole number from 1 to the most a design may ask for."""
    from core.design.spec import MAX_EPOCHS

    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not 1 <= value <= MAX_EPOCHS:
        shown = text if len(text) <= 30 else text[:27] + "..."
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {MAX_EPOCHS:,}, got {shown!r}")
    return value


def _file_name(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("the file name is empty")
    return Path(text)


def _parser() -> argparse.ArgumentParser:
    p = _ArgumentParser(prog="main.py", description="LayerLab: build, train and test neural networks. Without a command, the application opens.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("check", help="validate a design; print each layer's output shape, parameters and multiply-adds")
    c.add_argument("design", type=Path, metavar="DESIGN.json")
    c.add_argument("--json", action="store_true", help="machine-readable output")

    g = sub.add_parser("gradcheck", help="compare backpropagation with numerical gradients (central differences), per weight array")
    g.add_argument("design", type=Path, metavar="DESIGN.json")
    g.add_argument("--json", action="store_true", help="machine-readable output")

    t = sub.add_parser("train", help="train a design and report each epoch")
    t.add_argument("design", type=Path, metavar="DESIGN.json")
    t.add_argument("--epochs", type=_epochs, help="override the design's number of epochs (1 to 10,000)")
    t.add_argument("--dataset", help="override the design's dataset: a name, or for a design of your own data the CSV file or folder to use")
    t.add_argument("--data-dir", type=Path, help="folder holding the dataset files")
    t.add_argument("--download", action="store_true", help="download the dataset if it is missing")
    t.add_argument("--out", type=_file_name, metavar="MODEL.npz", help="save the trained model here (a new or a regular file)")
    t.add_argument("--json", action="store_true", help="one JSON object per line")

    e = sub.add_parser("evaluate", help="score a trained model on its dataset's test set")
    e.add_argument("model", type=Path, metavar="MODEL.npz")
    e.add_argument("--dataset", help="evaluate on another dataset of the same shape; for a model of your own data, the CSV file or "
                                     "folder (when it has moved since training)")
    e.add_argument("--data-dir", type=Path)
    e.add_argument("--json", action="store_true")

    r = sub.add_parser("predict", help="classify a picture (PNG, JPEG, BMP, GIF) or, for a table model, each row of a CSV file")
    r.add_argument("model", type=Path, metavar="MODEL.npz")
    r.add_argument("image", type=Path, metavar="INPUT", help="a picture, or a CSV file of rows with the model's columns")
    r.add_argument("--json", action="store_true")

    from core.export.formats import FORMATS

    x = sub.add_parser("export", help="export a trained model (or a design, untrained) to ONNX or to a PyTorch script")
    x.add_argument("source", type=Path, metavar="MODEL.npz|DESIGN.json")
    x.add_argument("--to", required=True, choices=tuple(FORMATS), help="onnx: a model for onnxruntime and other engines; "
                   "pytorch: a standalone training script (torch and numpy only)")
    x.add_argument("--out", required=True, type=_file_name, metavar="FILE", help="the file to write (a new or a regular file)")
    return p


def main(argv: list[str] | None = None) -> int:
    previous = {}
    try:
        for signum in STOP_SIGNALS:
            previous[signum] = signal.signal(signum, _stop)
    except ValueError:  # not the main thread (a test harness): signals stay as they are
        pass
    try:
        return _main(argv)
    except KeyboardInterrupt:
        _fail("interrupted")
        return EXIT_INTERRUPTED
    except Stopped as e:
        _fail(f"stopped by {signal.Signals(e.signum).name}")
        return 128 + e.signum
    except BrokenPipeError:  # `main.py ... | head`: the reader left; say nothing more
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_FAILED
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _main(argv: list[str] | None) -> int:
    args = None
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            _parser().print_help()
            return 0
        return _run(args)
    except CliError as e:
        _fail(str(e))
        return e.code


def _run(args) -> int:
    from core.data.datasets import DatasetError
    from core.data.digits import DigitError
    from core.design.spec import SpecError
    from core.io.bundle import BundleError

    from core.cli import signals

    try:
        signals.check()  # a Ctrl+C that Python swallowed while importing
        return COMMANDS[args.command](args)
    except SpecError as e:
        first = str(e.problems[0]) if e.problems else "invalid design"
        more = f" (and {len(e.problems) - 1} more problem(s))" if len(e.problems) > 1 else ""
        name = _name(args)
        _fail(f"{first}{more}" if first.startswith(name) else f"{name}: {first}{more}")
        return EXIT_BAD_INPUT
    except (BundleError, DatasetError, DigitError) as e:
        _fail(str(e))
        return EXIT_BAD_INPUT
    except MemoryError:
        _fail("out of memory: try a smaller design or batch size")
        return EXIT_FAILED
    except OSError as e:
        _fail(f"{e.filename or ''}: {e.strerror or e}".lstrip(": "))
        return EXIT_BAD_INPUT


def _name(args) -> str:
    return str(getattr(args, "design", None) or getattr(args, "model", None) or getattr(args, "source", ""))


def _fail(message: str) -> None:
    print(f"error: {' '.join(message.split())}", file=sys.stderr)


def _warn(message: str) -> None:
    print(f"warning: {' '.join(message.split())}", file=sys.stderr)


def _emit(obj: dict) -> None:
    """One line of strict JSON: a number that is not finite is written as null, never NaN."""
    print(json.dumps(_finite(obj), ensure_ascii=False, allow_nan=False), flush=True)


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _fraction(x: float) -> float | None:
    return None if x is None or not math.isfinite(x) else round(float(x), 6)


def _number(x: float) -> float | None:
    """A value that may be tiny (a learning rate of 1e-7), unrounded; None for NaN."""
    return None if x is None or not math.isfinite(x) else float(x)


# --------------------------------------------------------------------------- check


def cmd_check(args) -> int:
    from core.design import spec
    from core.design.checks import check_design

    design = _with_own_data(spec.load(args.design))
    infos = spec.layer_infos(design)
    findings = check_design(design)
    errors = [f for f in findings if f.severity == "error"]
    if args.json:
        _emit({
            "valid": not errors,
            "name": design.name,
            "input_shape": list(design.input_shape),
            "layers": [{"index": i.index, "type": i.kind, "output_shape": None if i.output_shape is None else list(i.output_shape),
                        "params": i.params, "macs": i.macs} for i in infos],
            "params": sum(i.params for i in infos),
            "macs": sum(i.macs for i in infos),
            "findings": [{"severity": f.severity, "path": f.path, "message": f.message} for f in findings],
        })
    else:
        print(f"{design.name}: input {_shape(design.input_shape)}")
        labels = [_layer_label(layer) for layer in design.layers]
        width = max([24, *map(len, labels)])
        for label, info in zip(labels, infos):
            shape = "?" if info.output_shape is None else _shape(info.output_shape)
            print(f"  {info.index:>2}  {label:<{width}} -> {shape:<10} {info.params:>12,} params {info.macs:>14,} multiply-adds")
        print(f"  total {sum(i.params for i in infos):,} parameters, {sum(i.macs for i in infos):,} multiply-adds per sample")
        for f in findings:
            where = f" [{f.path}]" if f.path else ""
            print(f"  {f.severity}{where}: {f.message}")
    if errors:
        if not args.json:
            _fail(f"{args.design}: {errors[0].path + ': ' if errors[0].path else ''}{errors[0].message}")
        return EXIT_BAD_INPUT
    return 0


def _shape(shape) -> str:
    return "×".join(str(s) for s in shape)


def _with_own_data(design, dataset=None):
    """A design of the user's own data, told what the data holds (classes, input size), so
    its checks are complete: the data is read (quickly) unless `dataset` is given."""
    from core.data.catalog import DataSource
    from core.data.datasets import fit_to_data, load_dataset

    if not isinstance(design.dataset, DataSource):
        return design
    if dataset is None:
        dataset = load_dataset(design.dataset, seed=design.training.seed)
    return fit_to_data(design, dataset)


def _left_out(dataset) -> str:
    """What reading the user's own data left out, in one line ("" for nothing): rows with gaps
    (``missing: "drop"``), files that are not pictures (``bad_files: "skip"``), the first named."""
    report = dataset.report
    dropped = getattr(report, "dropped_rows", 0)
    if dropped:
        return f"{dataset.title}: {dropped:,} of {report.rows:,} rows have gaps and were left out"
    skipped = getattr(report, "skipped_count", 0)
    if skipped:
        first, why = report.skipped[0]
        more = f", and {skipped - 1} more" if skipped > 1 else ""
        return f"{dataset.title}: {skipped:,} of {report.files:,} files are not pictures LayerLab reads and were skipped ({first}: {why}{more})"
    return ""


def _own_data_at(source, text: str):
    """--dataset PATH for the user's own data: the same options, another place (relative to the working folder)."""
    return source.moved_to(Path(text).expanduser())


def _layer_label(layer) -> str:
    from core.layer_types import type_of

    return type_of(layer).label(layer)


# --------------------------------------------------------------------------- gradcheck

#: samples the check runs on: random inputs, so no dataset is needed
GRADCHECK_SAMPLES = 4


def cmd_gradcheck(args) -> int:
    """Backpropagation against central differences on random inputs, in float64."""
    import numpy as np

    from core.design import spec
    from core.design.checks import check_design
    from core.explain.gradient_report import DEFAULT_ENTRIES, compare_gradients
    from core.nn.gradcheck import EPS
    from core.nn.model import build_model

    design = _with_own_data(spec.load(args.design))
    errors = [f for f in check_design(design) if f.severity == "error"]
    if errors:
        where = f"{errors[0].path}: " if errors[0].path else ""
        raise CliError(f"{args.design}: cannot check this design: {where}{errors[0].message}")
    try:
        model = build_model(design, rng=np.random.default_rng(design.training.seed), dtype=np.float64)
    except ValueError as e:
        raise CliError(f"{args.design}: cannot build this design: {e}") from None
    rng = np.random.default_rng(design.training.seed)
    x = rng.standard_normal((GRADCHECK_SAMPLES, *design.input_shape))
    labels = rng.integers(0, model.output_size, GRADCHECK_SAMPLES)
    report = compare_gradients(model, x, labels, entries=DEFAULT_ENTRIES, rng=rng, eps=EPS)
    if args.json:
        _emit({
            "name": design.name, "samples": report.samples, "eps": report.eps, "tolerance": report.tolerance,
            "entries_per_array": DEFAULT_ENTRIES,
            "parameters": [{"name": r.name, "shape": list(r.shape), "size": r.size, "checked": r.checked,
                            "max_relative_error": r.relative_error} for r in report.rows],
            "max_relative_error": report.max_error, "passed": report.passed,
        })
    else:
        print(f"{design.name}: backpropagation against central differences (float64, eps {report.eps:g}), "
              f"{report.samples} random samples, up to {DEFAULT_ENTRIES} entries of each array")
        width = max([10, *(len(r.name) for r in report.rows)])
        for r in report.rows:
            mark = "ok" if r.passed else "DIFFERS"
            print(f"  {r.name:<{width}} {_shape(r.shape):<12} {r.checked:>6,} of {r.size:<10,} relative error {r.relative_error:.2e}  {mark}")
        verdict = "the gradients agree" if report.passed else "the gradients DIFFER"
        print(f"  max relative error {report.max_error:.2e}: {verdict} (tolerance {report.tolerance:g})")
    if not report.passed:
        if not args.json:
            _fail(f"{args.design}: backpropagation and numerical gradients differ (max relative error {report.max_error:.2e})")
        return EXIT_FAILED
    return 0


# --------------------------------------------------------------------------- train


def cmd_train(args) -> int:
    from core.data.datasets import load_dataset
    from core.design import spec
    from core.design.checks import check_design
    from core.io.bundle import save_bundle
    from core.train.loop import BatchEvent, TrainingControl, train_design

    from core.data.catalog import DataSource

    design = spec.load(args.design)
    if args.dataset:
        design.dataset = _own_data_at(design.dataset, args.dataset) if isinstance(design.dataset, DataSource) else args.dataset
    own = isinstance(design.dataset, DataSource)
    if not own:
        _refuse_errors(design, args.design)
    if args.out is not None:
        _check_out(args.out)

    from core.data.datasets import TqdmProgress

    with TqdmProgress() as download_bar:  # draws only if a file is actually downloaded
        dataset = load_dataset(
            design.dataset, args.data_dir, download=args.download, progress=None if own else download_bar,
            options=design.dataset_options, seed=design.training.seed,
        )
    if own:  # only the data says how many classes and inputs there are: check now
        design = _with_own_data(design, dataset)
        _refuse_errors(design, args.design)
        left_out = _left_out(dataset)
        if left_out:
            print(left_out, file=sys.stderr if args.json else sys.stdout, flush=True)
    epochs = args.epochs or design.training.epochs
    bar = None
    if not args.json:
        from tqdm import tqdm

        bar = tqdm(unit="batch", leave=False, file=sys.stderr, dynamic_ncols=True, disable=None)

    from core.cli import signals

    def on_event(event) -> None:
        signals.check()  # between batches: a Ctrl+C that was swallowed still stops the run
        if isinstance(event, BatchEvent):
            if bar is not None:
                if bar.total != event.batches:
                    bar.reset(total=event.batches)
                    bar.set_description(f"epoch {event.epoch}/{event.epochs}")
                bar.update(1)
                if event.batch % 20 == 0:
                    bar.set_postfix(loss=f"{event.loss:.4f}", refresh=False)
            return
        if args.json:
            _emit({
                "epoch": event.epoch, "loss": _fraction(event.loss), "accuracy": _fraction(event.accuracy),
                "val_loss": _fraction(event.val_loss), "val_accuracy": _fraction(event.val_accuracy),
                "seconds": round(event.seconds, 3), "learning_rate": _number(event.learning_rate),
            })
        else:
            if bar is not None:
                bar.clear()
            val = "" if math.isnan(event.val_loss) else f"  val_loss {event.val_loss:.4f}  val_acc {event.val_accuracy:.2%}"
            print(f"epoch {event.epoch:>3}/{event.epochs}  loss {event.loss:.4f}  acc {event.accuracy:.2%}{val}  "
                  f"lr {event.learning_rate:.3g}  ({event.seconds:.1f} s)", flush=True)

    control = TrainingControl()
    try:
        run = train_design(design, dataset, epochs=epochs, callback=on_event, control=control)
    except ValueError as e:  # e.g. no training data left after the validation split
        raise CliError(f"{args.design}: cannot train on {dataset.title}: {e}") from None
    finally:
        if bar is not None:
            bar.close()
    result = run.result
    if result.status == "diverged":
        raise CliError(result.message, EXIT_FAILED)
    if result.failed:
        # exploded or dead: said on stderr and in the final JSON's status; no model is saved
        not_saved = f" {args.out} was not written." if args.out is not None else ""
        _warn(result.message + not_saved)
    elif args.out is not None:
        _check_out(args.out)  # again: the file may have changed while training
        save_bundle(args.out, design=design, weights=run.model.get_weights(), history=result.history.as_dict(), normalisation=run.normalisation)
    saved = args.out is not None and not result.failed
    if args.json:
        final = {
            "test_accuracy": _fraction(result.test_accuracy), "test_loss": _fraction(result.test_loss),
            "epochs": result.epochs, "seconds": round(result.seconds, 3), "status": result.status,
        }
        if result.failed:
            final["message"] = result.message
        if saved:
            final["model"] = str(args.out)
        _emit(final)
    elif math.isfinite(result.test_accuracy):
        print(f"test accuracy {result.test_accuracy:.2%}  test loss {result.test_loss:.4f}  ({result.epochs} epochs, {result.seconds:.1f} s)")
        if saved:
            print(f"saved {args.out}")
    else:
        print(f"no trained model: training {result.status} ({result.seconds:.1f} s)")
    return EXIT_FAILED if result.failed else 0


def _refuse_errors(design, name) -> None:
    from core.design.checks import check_design

    errors = [f for f in check_design(design) if f.severity == "error"]
    if errors:
        where = f"{errors[0].path}: " if errors[0].path else ""
        raise CliError(f"{name}: cannot train this design: {where}{errors[0].message}")


def _check_out(path: Path) -> None:
    """--out must name a regular file or a new one in a writable folder (core.io.atomic.check_target)."""
    from core.io.atomic import UnsafeTarget, check_target

    try:
        check_target(path)
    except UnsafeTarget as e:
        raise CliError(f"--out {e.filename}: {e.strerror}") from None


# --------------------------------------------------------------------------- evaluate


def cmd_evaluate(args) -> int:
    import numpy as np

    from core.data.datasets import load_dataset
    from core.io.bundle import load_bundle
    from core.nn.model import build_model
    from core.train.loop import EVAL_CHUNK

    from core.data.catalog import DataSource, dataset_info, dataset_title
    from core.data.datasets import DataError

    bundle = load_bundle(args.model)
    design = bundle.design
    name = args.dataset or design.dataset
    if isinstance(design.dataset, DataSource):  # the data the model file recorded, or --dataset PATH
        name = _own_data_at(design.dataset, args.dataset).with_info(design.dataset.info) if args.dataset else design.dataset
    try:
        dataset = load_dataset(name, args.data_dir, options=design.dataset_options, seed=design.training.seed, like=dataset_info(name))
    except DataError as e:
        if e.reason == "not_found" and isinstance(name, DataSource):
            raise CliError(f"{e}; point --dataset at where the data is now") from None
        raise
    name = dataset_title(name)
    if math.prod(dataset.input_shape) != math.prod(design.input_shape):
        raise CliError(f"{name} has inputs of shape {_shape(dataset.input_shape)}, but this model takes {_shape(design.input_shape)}")
    model = build_model(design, rng=np.random.default_rng(0))
    model.set_weights(bundle.weights)
    classes = design.layers[-1].units
    confusion = np.zeros((classes, classes), dtype=np.int64)
    loss_sum = 0.0
    x, y = dataset.x_test, dataset.y_test
    if len(y) == 0:
        raise CliError(f"{dataset.title}: the test set is empty, so there is nothing to evaluate the model on")
    from core.data.normalisation import normalise

    for start in range(0, len(y), EVAL_CHUNK):
        xb, yb = normalise(x[start : start + EVAL_CHUNK], bundle.normalisation), np.asarray(y[start : start + EVAL_CHUNK], dtype=np.int64)
        loss, _ = model.evaluate(xb, yb)
        loss_sum += loss * len(yb)
        predicted = model.predict(xb)
        if yb.max(initial=0) >= classes:
            raise CliError(f"{name} has labels up to {int(yb.max())}, but this model has {classes} outputs")
        np.add.at(confusion, (yb, predicted), 1)
    accuracy = float(np.trace(confusion) / confusion.sum())
    loss = loss_sum / len(y)
    if args.json:
        _emit({"accuracy": _fraction(accuracy), "loss": _fraction(loss), "samples": int(len(y)), "classes": list(dataset.class_names), "confusion_matrix": confusion.tolist()})
    else:
        print(f"{design.name} on {dataset.title}: accuracy {accuracy:.2%}, loss {loss:.4f} ({len(y):,} test samples)")
        labels = [str(c) for c in range(classes)]
        if tuple(dataset.class_names) != tuple(str(i) for i in range(classes)) and len(dataset.class_names) == classes:
            for i, class_name in enumerate(dataset.class_names):
                print(f"  {i:>3}  {class_name}")
        width = max(5, max(len(str(v)) for v in confusion.flat) + 1)
        print("true\\pred " + "".join(f"{c:>{width}}" for c in labels))
        for i, row in enumerate(confusion):
            print(f"{i:>9} " + "".join(f"{v:>{width}}" for v in row))
    return 0


# --------------------------------------------------------------------------- predict


def cmd_predict(args) -> int:
    import numpy as np

    from core.data.digits import load_image
    from core.io.bundle import load_bundle
    from core.nn.predictor import Predictor

    predictor = Predictor(load_bundle(args.model))
    if predictor.takes_rows:
        return _predict_rows(args, predictor)
    if not predictor.takes_images:
        raise CliError(f"{args.model}: this model takes {_shape(predictor.design.input_shape)} inputs, not pictures or table rows")
    if predictor.digit_style:
        label, outputs, _ = predictor.classify(load_image(args.image))
    else:  # a picture folder's model: the picture read as its own were, at its own size
        label, outputs, _ = predictor.picture_file(args.image)
    if not np.isfinite(outputs).all():  # core.io.bundle refuses weights that could do this: belt and braces
        raise CliError(f"{args.model}: the model's outputs for {args.image} are not finite numbers", EXIT_FAILED)
    from core.data.catalog import class_names_for

    names = class_names_for(predictor.design.dataset, len(outputs))
    top = list(reversed(outputs.argsort()[-3:]))
    if predictor.gives_probabilities:
        if args.json:
            _emit({"label": label, "name": names[label], "probabilities": [round(float(p), 6) for p in outputs]})
        else:
            print(f"{names[label]}  ({outputs[label]:.1%})")
            for i in top:
                print(f"  {names[i]:<12} {outputs[i]:6.1%}")
    else:  # not softmax: the outputs are scores, whose largest wins; they are not probabilities
        if args.json:
            _emit({"label": label, "name": names[label], "scores": [round(float(v), 6) for v in outputs]})
        else:
            print(f"{names[label]}  (score {outputs[label]:.4g}; the model gives scores, not probabilities)")
            for i in top:
                print(f"  {names[i]:<12} {outputs[i]:.4g}")
    return 0


def _predict_rows(args, predictor) -> int:
    """One answer per row of a CSV file: the class name (`label`), and every class's probability."""
    import numpy as np

    from core.data.tables import read_rows

    rows, numbers = read_rows(args.image, predictor.table)
    outputs = predictor.rows_probabilities(rows)
    if not np.isfinite(outputs).all():
        raise CliError(f"{args.model}: the model's outputs for {args.image} are not finite numbers", EXIT_FAILED)
    names = predictor.class_names
    key = "probabilities" if predictor.gives_probabilities else "scores"
    for number, out in zip(numbers, outputs):
        label = int(np.argmax(out))
        if args.json:
            _emit({"row": number, "label": names[label], key: {n: round(float(v), 6) for n, v in zip(names, out)}})
        elif predictor.gives_probabilities:
            print(f"row {number}: {names[label]}  ({out[label]:.1%})")
        else:
            print(f"row {number}: {names[label]}  (score {out[label]:.4g})")
    return 0



# --------------------------------------------------------------------------- export


def cmd_export(args) -> int:
    """A model file (or a design: its starting weights) as ONNX or a PyTorch script (core.export)."""
    from core.export.formats import export_format
    from core.export.parts import ExportError
    from core.export.source import load_source

    _check_out(args.out)  # before any work
    fmt = export_format(args.to)
    try:
        source = load_source(args.source)
        fmt.write(source, args.out)
    except ExportError as e:
        raise CliError(str(e) if str(e).startswith(str(args.source)) else f"{args.source}: {e}") from None
    except ImportError as e:  # onnx is a dependency of LayerLab: a broken install
        raise CliError(f"exporting to {fmt.title} needs the Python package {e.name or fmt.needs!r}: pip install {e.name or fmt.needs}") from None
    shape = "×".join(str(d) for d in source.input_shape)
    untrained = "" if source.trained else " (untrained: the design's starting weights)"
    if fmt.name == "onnx":
        outputs = "probabilities" if source.gives_probabilities else "scores (the last activation is not softmax)"
        print(f"wrote {args.out}{untrained}: input 'input' float32 N×{shape}, raw values as the dataset stores them; "
              f"output 'probabilities' N×{source.classes}: {outputs}")
    else:
        print(f"wrote {args.out}{untrained}: python {args.out.name} --data-dir DIR trains it; "
              f"load_layerlab(MODEL.npz) loads a trained model's weights")
    return 0


COMMANDS = {"check": cmd_check, "gradcheck": cmd_gradcheck, "train": cmd_train, "evaluate": cmd_evaluate, "predict": cmd_predict,
            "export": cmd_export}
