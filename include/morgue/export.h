// MORGUE_EXPORT marks the declarations that make up morgue's public API.
//
// The library is compiled with hidden symbol visibility
// (-fvisibility=hidden -fvisibility-inlines-hidden), so only what is marked
// MORGUE_EXPORT is visible outside a shared libmorgue.so; everything else in
// the library is an implementation detail that other programs cannot link to.
//
// On GCC and Clang the macro always means default visibility, both when the
// library is built and when a program includes the headers: a program that
// itself compiles with -fvisibility=hidden still sees morgue's classes (their
// type_info matters for catching morgue::Error) as defined elsewhere. On
// Windows it is dllexport while building a DLL, dllimport when using one.
//
// The build defines MORGUE_SHARED_LIBRARY for a shared library (and for the
// programs that link it, through the morgue::morgue target) and
// MORGUE_COMPILE_LIBRARY while compiling the library itself.
#ifndef MORGUE_EXPORT_H_
#define MORGUE_EXPORT_H_

#if defined(_WIN32)
#if defined(MORGUE_SHARED_LIBRARY) && defined(MORGUE_COMPILE_LIBRARY)
#define MORGUE_EXPORT __declspec(dllexport)
#elif defined(MORGUE_SHARED_LIBRARY)
#define MORGUE_EXPORT __declspec(dllimport)
#else
#define MORGUE_EXPORT
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define MORGUE_EXPORT __attribute__((visibility("default")))
#else
#define MORGUE_EXPORT
#endif

#endif  // MORGUE_EXPORT_H_
