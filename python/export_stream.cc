#include "python/export_stream.h"

#include <pybind11/pybind11.h>

#include <algorithm>
#include <chrono>
#include <utility>

namespace morgue::python {

namespace py = pybind11;

ExportStream::ExportStream(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

void ExportStream::Start(Producer producer) {
  if (producer_.joinable()) return;
  producer_ = std::thread([this, producer = std::move(producer)] { Run(producer); });
}

std::unique_ptr<ExportStream> ExportStream::OfArchive(std::shared_ptr<const Archive> archive,
                                                      SearchRequest request, size_t capacity) {
  auto stream = std::make_unique<ExportStream>(capacity);
  stream->Start([archive = std::move(archive),
                 request = std::move(request)](const std::function<bool(const Article&)>& emit) {
    archive->Export(request, emit);
  });
  return stream;
}

bool ExportStream::Stopping() {
  std::lock_guard<std::mutex> lock(mutex_);
  return stop_;
}

ExportStream::~ExportStream() {
  // Never called with the GIL released by us; the producer never takes it,
  // so joining while holding it cannot deadlock.
  StopAndJoin();
}

void ExportStream::Run(const Producer& producer) {
  try {
    producer([this](const Article& article) {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return stop_ || queue_.size() < capacity_; });
      if (stop_) return false;
      queue_.push_back(article);
      // Wake the consumer for a batch, not for each article: one thread
      // switch per batch instead of two per article.
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

void ExportStream::StopAndJoin() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    queue_.clear();
    changed_.notify_all();
  }
  if (producer_.joinable()) producer_.join();
}

void ExportStream::Close() {
  py::gil_scoped_release release;
  StopAndJoin();
}

void ExportStream::Next(size_t max, std::vector<Article>* out) {
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
      // articles still flow, a few at a time), else the end or the error.
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
        return;  // articles, or the end
      }
    }
    if (PyErr_CheckSignals() != 0) {
      Close();
      throw py::error_already_set();
    }
  }
}

}  // namespace morgue::python
