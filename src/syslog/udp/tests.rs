#![allow(clippy::unwrap_used)]

#[test]
fn drops_are_read_from_the_rows_of_our_sockets_only() {
    let table = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n\
1: 0100007F:158A 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 17\n\
2: 0100007F:158B 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 999 2 0000000000000000 5\n";
    assert_eq!(super::drops_in(table, &[4242]), 17);
    assert_eq!(super::drops_in(table, &[1]), 0);
}

#[test]
fn a_real_socket_gets_a_larger_buffer_and_its_drops_are_found() {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let got = super::enlarge_receive_buffer(&socket).unwrap();
    assert!(got >= 200 << 10, "{got}");
    let inode = super::inode(&socket).unwrap();
    assert_eq!(super::kernel_drops(&[inode]), Some(0));
}
