// Side packets: values a graph loads once and nodes share (a CNN model, a trained classifier), as
// MediaPipe's side packets. A node sets its output side packets in Open; the nodes that bind them
// as input side packets open after it and read them in their Open. Each side packet has a kind
// ("cnn.Model"), which both its producer and its consumers declare and validation compares; the
// value is immutable and shared.
#ifndef SENSING_SIDE_PACKET_H_
#define SENSING_SIDE_PACKET_H_

#include <memory>
#include <string>
#include <typeinfo>

namespace sentio {

class SidePacket {
 public:
  template <typename T>
  static SidePacket Make(std::shared_ptr<const T> value) {
    SidePacket packet;
    packet.type_ = &typeid(T);
    packet.value_ = std::move(value);
    return packet;
  }

  // The value as T, or nullptr when it holds another type (or nothing).
  template <typename T>
  const T* Get() const {
    return value_ && *type_ == typeid(T) ? static_cast<const T*>(value_.get()) : nullptr;
  }
  // The value itself, for a consumer that keeps it beyond Open.
  template <typename T>
  std::shared_ptr<const T> Share() const {
    return Get<T>() ? std::static_pointer_cast<const T>(value_) : nullptr;
  }

 private:
  const std::type_info* type_ = nullptr;
  std::shared_ptr<const void> value_;
};

// A stage's side packet port: what it is for ("MODEL"), its kind, and (for inputs) whether a node
// may leave it unbound.
struct SidePacketSpec {
  std::string name;
  std::string kind;
  bool optional = false;
};

}  // namespace sentio

#endif  // SENSING_SIDE_PACKET_H_
