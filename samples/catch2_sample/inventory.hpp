// Stock of a small shop: items and how many are on the shelf or reserved.
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace shop {

class UnknownItem : public std::invalid_argument {
public:
    explicit UnknownItem(const std::string& name) : std::invalid_argument("unknown item: " + name) {}
};

struct Stock {
    int on_shelf = 0;
    int reserved = 0;
};

class Inventory {
public:
    void add(const std::string& item, int count);
    // Reserves up to `count`; returns how many were reserved.
    int reserve(const std::string& item, int count);
    void release(const std::string& item, int count);
    int available(const std::string& item) const;

private:
    std::map<std::string, Stock> stock_;
};

}  // namespace shop
