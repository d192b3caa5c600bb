/** Counts and Korean particles in the app's strings: "1 member", "방장이에요", "관리자예요". */
import { describe, expect, it } from "vitest";
import { translator } from "../../web/src/i18n";
import { withParticle } from "../../web/src/particles";

const en = translator("en");
const ko = translator("ko");

describe("English counts", () => {
  it("reads one as one and more as many", () => {
    expect(en("memberCount", { count: 1 })).toBe("1 member");
    expect(en("memberCount", { count: 2 })).toBe("2 members");
    expect(en("unread", { count: 1 })).toBe("1 unread message");
    expect(en("unread", { count: 12 })).toBe("12 unread messages");
    expect(en("newMessages", { count: 1 })).toBe("1 new message");
    expect(en("files", { count: 1 })).toBe("📎 1 file");
    expect(en("chatCount", { count: 0 })).toBe("0 chats");
    expect(en("typing", { name: "Ann", count: 1 })).toBe("Ann is typing…");
    expect(en("typing", { name: "Ann and Bob", count: 2 })).toBe("Ann and Bob are typing…");
  });

  it("leaves Korean, which has one form, as it is", () => {
    expect(ko("memberCount", { count: 1 })).toBe("참여자 1명");
    expect(ko("unread", { count: 1 })).toBe("안 읽은 메시지 1개");
  });
});

describe("Korean particles", () => {
  it("follow the last sound of the word before them", () => {
    expect(withParticle("방장", "이에요")).toBe("방장이에요");
    expect(withParticle("관리자", "이에요")).toBe("관리자예요");
    expect(withParticle("팀", "으로")).toBe("팀으로");
    expect(withParticle("서울", "으로")).toBe("서울로"); // ㄹ takes 로
    expect(withParticle("모임", "을")).toBe("모임을");
    expect(withParticle("사진", "은")).toBe("사진은");
    expect(withParticle("사과", "은")).toBe("사과는");
    expect(withParticle("10,000", "으로")).toBe("10,000으로"); // 영
    expect(withParticle("5", "으로")).toBe("5로"); // 오
    expect(withParticle("7", "으로")).toBe("7로"); // 칠: ㄹ
  });

  it("give both forms after a word whose sound is not known", () => {
    expect(withParticle("photo.jpg", "은")).toBe("photo.jpg은(는)");
    expect(withParticle("Team", "으로")).toBe("Team(으)로");
    expect(withParticle("Bob", "이")).toBe("Bob이(가)");
  });

  it("are right in the strings that use them", () => {
    expect(ko("roleChanged", { name: "민수", role: "관리자" })).toBe("민수 님이 이제 관리자예요");
    expect(ko("roleChanged", { name: "민수", role: "방장" })).toBe("민수 님이 이제 방장이에요");
    expect(ko("renamed", { name: "민수", title: "서울" })).toBe(
      "민수 님이 채팅방 이름을 서울로 바꿨어요",
    );
    expect(ko("roleChangedYou", { role: "관리자" })).toBe("내가 이제 관리자예요");
  });
});
