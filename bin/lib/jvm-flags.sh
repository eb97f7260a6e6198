# The flags every voxedge JVM needs; the same list as <voxedge.jvm.flags> in the root pom.xml.
# --enable-native-access: Netty's epoll/io_uring and libopus through FFM. The opens/exports and
# chronicle.analytics.disable: Chronicle Queue (the uplink journal) on Java 25, which must not
# phone home.
VOXEDGE_JVM_FLAGS=(
  --enable-native-access=ALL-UNNAMED
  --sun-misc-unsafe-memory-access=allow
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  -Dchronicle.analytics.disable=true
)
