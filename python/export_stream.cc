#include "python/export_stream.h"

#include <pybind11/pybind11.h>

#include <algorithm>
#include <chrono>
#include <utility>

namespace morgue::python {

namespace py = pybind11;

template <typename Item>
Stream<Item>::Stream(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

template <typename Item>
void Stream<Item>::Start(Producer producer) {
  if (producer_.joinable()) return;
  producer_ = std::thread([this, producer = std::move(producer)] { Run(producer); });
}

std::unique_ptr<ExportStream> ExportOf(std::shared_ptr<const Archive> archive,
                                       SearchRequest request, size_t capacity) {
  auto stream = std::make_unique<ExportStream>(capacity);
  stream->Start([archive = std::move(archive),
                 request = std::move(request)](const std::function<bool(const Article&)>& emit) {
    archive->Export(request, emit);
  });
  return stream;
}

std::unique_ptr<KwicStream> KwicOf(std::shared_ptr<const Archive> archive, SearchRequest request,
                                   KwicOptions options, size_t capacity) {
  auto stream = std::make_unique<KwicStream>(capacity);
  stream->Start([archive = std::move(archive), request = std::move(request),
                 options](const std::function<bool(const KwicLine&)>& emit) {
    archive->Kwic(request, options, emit);
  });
  return stream;
}

template <typename Item>
bool Stream<Item>::Stopping() {
  std::lock_guard<std::mutex> lock(mutex_);
  return stop_;
}

template <typename Item>
Stream<Item>::~Stream() {
  // Never called with the GIL released by us; the producer never takes it,
  // so joining while holding it cannot deadlock.
  StopAndJoin();
}

template <typename Item>
void Stream<Item>::Run(const Producer& producer) {
  try {
    producer([this](const Item& item) {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return stop_ || queue_.size() < capacity_; });
      if (stop_) return false;
      queue_.push_back(item);
      // Wake the consumer for a batch, not for each item: one thread
      // switch per batch instead of two per item.
      if (queue_.size() >= want_) changed_.notify_all();
      return true;
    });
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    error_ = std::current_exception();
  }
  std::lock_guard<std::mutex> lock(mutex_);
  done_ = true;
  changed_.notify_all();
}

template <typename Item>
void Stream<Item>::StopAndJoin() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    queue_.clear();
    changed_.notify_all();
  }
  if (producer_.joinable()) producer_.join();
}

template <typename Item>
void Stream<Item>::Close() {
  py::gil_scoped_release release;
  StopAndJoin();
}

template <typename Item>
void Stream<Item>::Next(size_t max, std::vector<Item>* out) {
  out->clear();
  if (max == 0) max = 1;
  for (;;) {
    {
      py::gil_scoped_release release;
      std::unique_lock<std::mutex> lock(mutex_);
      want_ = std::min(max, capacity_);
      changed_.wait_for(lock, std::chrono::milliseconds(50),
                        [this] { return stop_ || done_ || queue_.size() >= want_; });
      want_ = 1;
      // After the wait, or 50 ms of it: what has come (a slow producer's
      // items still flow, a few at a time), else the end or the error.
      if (!queue_.empty()) {
        while (!queue_.empty() && out->size() < max) {
          out->push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
        changed_.notify_all();
      } else if (error_) {
        std::exception_ptr e = std::exchange(error_, nullptr);
        lock.unlock();
        std::rethrow_exception(e);
      }
      if (!out->empty() || done_ || stop_) {
        delivered_ += out->size();
        return;  // items, or the end
      }
    }
    if (PyErr_CheckSignals() != 0) {
      Close();
      throw py::error_already_set();
    }
  }
}

template class Stream<Article>;
template class Stream<KwicLine>;

}  // namespace morgue::python
