#include "inventory.hpp"

#include <algorithm>

namespace shop {

void Inventory::add(const std::string& item, int count) { stock_[item].on_shelf += count; }

int Inventory::reserve(const std::string& item, int count) {
    Stock& s = stock_[item];
    // Bug: reserved units are still counted as on the shelf.
    const int granted = std::min(count, s.on_shelf);
    s.reserved += granted;
    return granted;
}

void Inventory::release(const std::string& item, int count) {
    auto found = stock_.find(item);
    if (found == stock_.end()) throw UnknownItem(item);
    Stock& s = found->second;
    s.reserved = std::max(0, s.reserved - count);
}

int Inventory::available(const std::string& item) const {
    auto found = stock_.find(item);
    return found == stock_.end() ? 0 : found->second.on_shelf - found->second.reserved;
}

}  // namespace shop
