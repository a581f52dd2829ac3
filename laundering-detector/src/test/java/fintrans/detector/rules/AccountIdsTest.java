package fintrans.detector.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AccountIdsTest {
    private final AccountIds ids = new AccountIds();

    @Test
    void internReturnsSameIdForEqualStrings() {
        int id = ids.intern("396");

        assertEquals(id, ids.intern(new String("396")));
        assertEquals(id, ids.find("396"));
        assertEquals("396", ids.name(id));
        assertEquals(1, ids.size());
    }

    @Test
    void findMissingAccountReturnsAbsent() {
        ids.intern("396");

        assertEquals(AccountIds.ABSENT, ids.find("465"));
    }

    @Test
    void distinctAccountsGetDistinctIds() {
        assertNotEquals(ids.intern("396"), ids.intern("465"));
    }

    @Test
    void growthKeepsEveryAccount() {
        int accounts = 50_000;
        for (int i = 0; i < accounts; i++) {
            ids.retain(ids.intern("acct-" + i));
        }

        assertEquals(accounts, ids.size());
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < accounts; i++) {
            int id = ids.find("acct-" + i);
            assertEquals("acct-" + i, ids.name(id));
            seen.add(id);
        }
        assertEquals(accounts, seen.size());
    }

    @Test
    void releaseKeepsAccountWhileReferenced() {
        int id = ids.intern("396");
        ids.retain(id);
        ids.retain(id);

        ids.release(id);

        assertEquals(id, ids.find("396"));
        assertEquals(1, ids.references(id));
    }

    @Test
    void lastReleaseRemovesAccountAndReusesId() {
        int first = ids.intern("396");
        ids.retain(first);
        ids.retain(ids.intern("465"));

        ids.release(first);

        assertEquals(AccountIds.ABSENT, ids.find("396"));
        assertEquals(first, ids.intern("516"));
    }

    @Test
    void removalKeepsOtherAccountsFindable() {
        int accounts = 20_000;
        for (int i = 0; i < accounts; i++) {
            ids.retain(ids.intern("acct-" + i));
        }

        for (int i = 0; i < accounts; i += 2) {
            ids.release(ids.find("acct-" + i));
        }

        assertEquals(accounts / 2, ids.size());
        for (int i = 0; i < accounts; i++) {
            int id = ids.find("acct-" + i);
            if (i % 2 == 0) {
                assertEquals(AccountIds.ABSENT, id, "acct-" + i);
            } else {
                assertEquals("acct-" + i, ids.name(id));
            }
        }
    }

    @Test
    void releasingEverythingShrinksToEmpty() {
        int accounts = 20_000;
        for (int i = 0; i < accounts; i++) {
            ids.retain(ids.intern("acct-" + i));
        }
        int grownCapacity = ids.tableCapacity();

        for (int i = 0; i < accounts; i++) {
            ids.release(ids.find("acct-" + i));
        }

        assertEquals(0, ids.size());
        assertEquals(16, ids.tableCapacity());
        assertNotEquals(16, grownCapacity);
        assertEquals(AccountIds.ABSENT, ids.find("acct-1"));
        assertEquals(0, ids.intern("acct-1"));
    }

    @Test
    void shortAndLongAccountsAreDistinct() {
        String[] accounts = {"", "0", "00", "1234567", "12345678", "a-b_c", "\u00ff", "\u0100", "x".repeat(64),
                "x".repeat(63) + "y"};
        Set<Integer> seen = new HashSet<>();
        for (String account : accounts) {
            int id = ids.intern(account);
            ids.retain(id);
            seen.add(id);
        }

        assertEquals(accounts.length, seen.size());
        for (String account : accounts) {
            assertEquals(account, ids.name(ids.find(new String(account))));
        }
    }

    @Test
    void releaseWithoutReferenceThrows() {
        int id = ids.intern("396");

        assertThrows(IllegalStateException.class, () -> ids.release(id));
    }
}
