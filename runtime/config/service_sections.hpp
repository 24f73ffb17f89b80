#pragma once

// The services' own config sections, held for the kernel without knowing
// their types: each is read next to its service (actors/<svc>/) and found
// again by its type, so a new service adds a section without touching the
// kernel's config.

#include <any>
#include <map>
#include <typeindex>

namespace tn {

class service_sections {
public:
  /// The section of type `Section`, or its defaults when it was not read
  /// (a config built in code, a test).
  template <class Section>
  const Section& get() const {
    auto i = sections_.find(typeid(Section));
    if (i == sections_.end()) {
      static const Section defaults{};
      return defaults;
    }
    return *std::any_cast<Section>(&i->second);
  }

  /// The section of type `Section` to fill in, created with its defaults.
  template <class Section>
  Section& get() {
    auto& slot = sections_[typeid(Section)];
    if (!slot.has_value())
      slot = Section{};
    return *std::any_cast<Section>(&slot);
  }

private:
  std::map<std::type_index, std::any> sections_;
};

} // namespace tn
