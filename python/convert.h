// The Python module's conversions between morgue's values and Python objects:
// dates (UTC-aware datetime), the article and hit classes, and morgue::Error
// as the exceptions of morgue/errors.py. Every function here needs the GIL.
#ifndef MORGUE_PYTHON_CONVERT_H_
#define MORGUE_PYTHON_CONVERT_H_

#include <pybind11/pybind11.h>

#include <optional>
#include <string>

#include "morgue/article.h"
#include "morgue/error.h"

namespace morgue::python {

namespace py = pybind11;

// Imports the datetime C API; call once from the module's init.
void InitDates();

// A UTC-aware datetime.datetime for `t`, or None.
py::object ToDatetime(const std::optional<Timestamp>& t);

// The UTC day of `t` as a datetime.date.
py::object ToDate(const Timestamp& t);

// A datetime (aware: converted to UTC; naive: ValueError, since morgue cannot
// know its zone), a date (date_only), an ISO 8601 string (Timestamp::ParseIso8601)
// or None. Raises TypeError for anything else.
std::optional<Timestamp> FromPyDate(const py::handle& value);

// Raises the Python exception of morgue/errors.py that maps e.code(), with
// .code, .file, .line, .record and .position set. Call inside a catch or a
// pybind11 exception translator.
void RaiseError(const Error& e);

// Registers Article, Quote, Caption, Entity and Hit on `m`.
void BindValues(py::module_& m);

}  // namespace morgue::python

#endif  // MORGUE_PYTHON_CONVERT_H_
