// The object graph: two owners of one shared_ptr, a cycle of two nodes, a
// parent pointer from each element of a container, and a polymorphic object
// seen through a pointer to its base.
#include <memory>
#include <string>
#include <vector>

#include "victim.hpp"

struct Config {
    std::string name;
    int retries;
};

struct Node {
    int value;
    Node* next;
    Node* prev;
};

struct Tree;
struct Leaf {
    std::string label;
    Tree* parent;
};
struct Tree {
    std::vector<Leaf> leaves;
    int depth;
};

struct Shape {
    virtual ~Shape() = default;
    int id = 7;
};
struct Circle : Shape {
    double radius = 2.5;
};

VICTIM_NOINLINE void graph_frame() {
    std::shared_ptr<Config> first = std::make_shared<Config>(Config{"primary", 3});
    std::shared_ptr<Config> second = first;
    Node a{1, nullptr, nullptr};
    Node b{2, nullptr, nullptr};
    a.next = &b, a.prev = &b, b.next = &a, b.prev = &a;
    Node* head = &a;
    Tree tree{{}, 1};
    tree.leaves.push_back(Leaf{"left", &tree});
    tree.leaves.push_back(Leaf{"right", &tree});
    std::unique_ptr<Shape> shape = std::make_unique<Circle>();
    Shape* base = shape.get();
    victim::keep(first), victim::keep(second), victim::keep(a), victim::keep(b);
    victim::keep(head), victim::keep(tree), victim::keep(shape), victim::keep(base);

    victim::report = capsule::capture_this_thread(victim::failure); // CAPTURE-LINE
    victim::sink = first->retries + head->next->value + static_cast<long>(tree.leaves.size()) +
                   base->id;
}

int main(int argc, char** argv) {
    graph_frame();
    return victim::finish(argc, argv);
}
