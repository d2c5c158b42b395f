// Text helpers a signal handler may call: no allocation, no locks, no stdio.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace capsule::crash {

// Copies at most size-1 bytes and always terminates; returns the length copied.
inline std::size_t copy_text(char* out, std::size_t size, const char* text) {
    if (size == 0) return 0;
    std::size_t n = 0;
    if (text)
        for (; text[n] != '\0' && n + 1 < size; ++n) out[n] = text[n];
    out[n] = '\0';
    return n;
}

inline void format_decimal(char* out, std::size_t size, long long value) {
    char digits[24];
    std::size_t n = 0;
    const bool negative = value < 0;
    // Work in unsigned so LLONG_MIN does not overflow on negation.
    unsigned long long v = negative ? 0ull - static_cast<unsigned long long>(value)
                                    : static_cast<unsigned long long>(value);
    do {
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0 && n < sizeof digits);
    std::size_t i = 0;
    if (negative && i + 1 < size) out[i++] = '-';
    while (n > 0 && i + 1 < size) out[i++] = digits[--n];
    if (size > 0) out[i] = '\0';
}

inline void format_hex(char* out, std::size_t size, std::uint64_t value) {
    static const char hex[] = "0123456789abcdef";
    char digits[16];
    std::size_t n = 0;
    do {
        digits[n++] = hex[value & 0xf];
        value >>= 4;
    } while (value != 0 && n < sizeof digits);
    std::size_t i = 0;
    if (i + 2 < size) {
        out[i++] = '0';
        out[i++] = 'x';
    }
    while (n > 0 && i + 1 < size) out[i++] = digits[--n];
    if (size > 0) out[i] = '\0';
}

inline void write_text(int fd, const char* text) {
    std::size_t left = std::strlen(text);
    while (left > 0) {
        const ssize_t n = ::write(fd, text, left);
        if (n <= 0) return;  // EINTR included: a message is not worth a retry loop here
        text += n;
        left -= static_cast<std::size_t>(n);
    }
}

}  // namespace capsule::crash
