"""dtrack: theo dõi và đôn đốc nhiệm vụ được giao tại văn bản chỉ đạo."""

__version__ = "0.1.0"
