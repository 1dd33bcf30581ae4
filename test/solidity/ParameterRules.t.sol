// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";

import {ILeveragedVaultTypes} from "../../contracts/interfaces/ILeveragedVault.sol";
import {LeverageMath} from "../../contracts/libraries/LeverageMath.sol";
import {ParameterRules} from "../../contracts/libraries/ParameterRules.sol";

/// @dev `ParameterRules` is an external library (its functions run by DELEGATECALL); this harness
/// turns each call into a plain external call so `vm.expectRevert` sees the revert at call depth.
contract ParameterRulesHarness {
    function validate(
        ILeveragedVaultTypes.RiskParameters memory risk,
        ILeveragedVaultTypes.OracleParameters memory oracle,
        uint256 liquidationLeverage,
        uint256 borrowLeverage,
        bool hasDebtFeed
    ) external pure {
        ParameterRules.validate(risk, oracle, liquidationLeverage, borrowLeverage, hasDebtFeed);
    }

    function reducesRisk(
        ILeveragedVaultTypes.RiskParameters memory current,
        ILeveragedVaultTypes.OracleParameters memory currentOracle,
        ILeveragedVaultTypes.RiskParameters memory next,
        ILeveragedVaultTypes.OracleParameters memory nextOracle
    ) external pure returns (bool) {
        return ParameterRules.reducesRisk(current, currentOracle, next, nextOracle);
    }
}

contract ParameterRulesTest is Test {
    /// The liquidation leverage of the local stack's Morpho markets (LLTV 0.86): about 7.142857x.
    uint256 internal constant LIQUIDATION_LEVERAGE = 7_142_857_142_857_142_857;
    /// 90% of it: the highest emergency (and max) leverage `validate` accepts.
    uint256 internal constant EMERGENCY_CAP = LIQUIDATION_LEVERAGE * 9_000 / 10_000;
    uint256 internal constant FIELD_COUNT = 18;

    ParameterRulesHarness internal harness;

    function setUp() public {
        harness = new ParameterRulesHarness();
        assertEq(LeverageMath.liquidationLeverage(0.86e18), LIQUIDATION_LEVERAGE);
    }

    /// Mirrors `defaultParameters("long")` in scripts/vault/vault-parameters.ts (feed max ages: the
    /// mainnet heartbeats plus `FEED_UPDATE_ALLOWANCE`).
    function _defaultLong()
        internal
        pure
        returns (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle)
    {
        risk = ILeveragedVaultTypes.RiskParameters({
            targetLeverage: 2e18,
            minLeverage: 1.8e18,
            maxLeverage: 2.2e18,
            emergencyLeverage: 2.6e18,
            recenteringSpeedBps: 10_000,
            maxSlippageBps: 100,
            maxPoolDeviationBps: 100,
            emergencyRewardBps: 50,
            cooldown: 600,
            gracePeriod: 3600,
            maxTradeSize: 500e18,
            maxEmergencyReward: 1e18,
            depositCap: 10_000e18
        });
        // vaultPriceForEthUsd(100, "long") and vaultPriceForEthUsd(100_000, "long").
        oracle = ILeveragedVaultTypes.OracleParameters({
            collateralFeedMaxAge: 3600 + 600,
            debtFeedMaxAge: 86_400 + 600,
            sequencerGracePeriod: 0,
            minPrice: 100e6 * 1e24 / 1e6,
            maxPrice: 100_000e6 * 1e24 / 1e6
        });
    }

    function _expectOutOfBounds(
        ILeveragedVaultTypes.RiskParameters memory risk,
        ILeveragedVaultTypes.OracleParameters memory oracle,
        string memory name,
        uint256 value,
        uint256 min,
        uint256 max
    ) internal {
        vm.expectRevert(abi.encodeWithSelector(ILeveragedVaultTypes.ParameterOutOfBounds.selector, name, value, min, max));
        harness.validate(risk, oracle, LIQUIDATION_LEVERAGE, LIQUIDATION_LEVERAGE, true);
    }

    /* VALIDATE */

    function test_validate_acceptsDefaultLongParameters() public view {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        harness.validate(risk, oracle, LIQUIDATION_LEVERAGE, LIQUIDATION_LEVERAGE, true);
        harness.validate(risk, oracle, LIQUIDATION_LEVERAGE, LIQUIDATION_LEVERAGE, false);
    }

    /// Aave v3's borrow LTV sits below its liquidation threshold: the band may not reach the leverage
    /// at which the market stops lending (LTV 80% is 5x), even when the emergency cap is higher.
    function test_validate_rejectsMaxLeverageAtOrAboveTheBorrowLimit() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        uint256 borrowLeverage = LeverageMath.liquidationLeverage(0.8e18);
        risk.maxLeverage = 5e18;
        risk.emergencyLeverage = 5.5e18;
        vm.expectRevert(
            abi.encodeWithSelector(ILeveragedVaultTypes.ParameterOutOfBounds.selector, "maxLeverage", 5e18, 2e18, borrowLeverage - 1)
        );
        harness.validate(risk, oracle, LIQUIDATION_LEVERAGE, borrowLeverage, true);
        risk.maxLeverage = 4.9e18;
        harness.validate(risk, oracle, LIQUIDATION_LEVERAGE, borrowLeverage, true);
    }

    function test_validate_rejectsTargetLeverageBelow1x() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.targetLeverage = 0.99e18;
        _expectOutOfBounds(risk, oracle, "targetLeverage", 0.99e18, 1e18, 10e18);
    }

    function test_validate_rejectsTargetLeverageAbove10x() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.targetLeverage = 10e18 + 1;
        _expectOutOfBounds(risk, oracle, "targetLeverage", 10e18 + 1, 1e18, 10e18);
    }

    function test_validate_rejectsMinLeverageAboveTarget() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.minLeverage = 2e18 + 1;
        _expectOutOfBounds(risk, oracle, "minLeverage", 2e18 + 1, 1e18, 2e18);
    }

    function test_validate_rejectsMaxLeverageBelowTarget() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.maxLeverage = 2e18 - 1;
        _expectOutOfBounds(risk, oracle, "maxLeverage", 2e18 - 1, 2e18, EMERGENCY_CAP);
    }

    function test_validate_rejectsMaxLeverageAboveNinetyPercentOfLiquidation() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.maxLeverage = uint64(EMERGENCY_CAP + 1);
        _expectOutOfBounds(risk, oracle, "maxLeverage", EMERGENCY_CAP + 1, 2e18, EMERGENCY_CAP);
    }

    function test_validate_rejectsEmergencyLeverageNotAboveMax() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.emergencyLeverage = 2.2e18;
        _expectOutOfBounds(risk, oracle, "emergencyLeverage", 2.2e18, 2.2e18 + 1, EMERGENCY_CAP);
    }

    function test_validate_rejectsEmergencyLeverageAboveNinetyPercentOfLiquidation() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.emergencyLeverage = uint64(EMERGENCY_CAP + 1);
        _expectOutOfBounds(risk, oracle, "emergencyLeverage", EMERGENCY_CAP + 1, 2.2e18 + 1, EMERGENCY_CAP);
    }

    function test_validate_rejectsZeroRecenteringSpeed() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.recenteringSpeedBps = 0;
        _expectOutOfBounds(risk, oracle, "recenteringSpeedBps", 0, 1, 10_000);
    }

    function test_validate_rejectsRecenteringSpeedAbove100Percent() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.recenteringSpeedBps = 10_001;
        _expectOutOfBounds(risk, oracle, "recenteringSpeedBps", 10_001, 1, 10_000);
    }

    function test_validate_rejectsMaxSlippageAbove300Bps() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.maxSlippageBps = 301;
        _expectOutOfBounds(risk, oracle, "maxSlippageBps", 301, 0, 300);
    }

    function test_validate_rejectsZeroPoolDeviation() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.maxPoolDeviationBps = 0;
        _expectOutOfBounds(risk, oracle, "maxPoolDeviationBps", 0, 1, 300);
    }

    function test_validate_rejectsPoolDeviationAbove300Bps() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.maxPoolDeviationBps = 301;
        _expectOutOfBounds(risk, oracle, "maxPoolDeviationBps", 301, 1, 300);
    }

    function test_validate_rejectsEmergencyRewardAbove100Bps() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.emergencyRewardBps = 101;
        _expectOutOfBounds(risk, oracle, "emergencyRewardBps", 101, 0, 100);
    }

    function test_validate_rejectsCooldownAboveOneDay() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.cooldown = 1 days + 1;
        _expectOutOfBounds(risk, oracle, "cooldown", 1 days + 1, 0, 1 days);
    }

    function test_validate_rejectsGracePeriodAboveSevenDays() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.gracePeriod = 7 days + 1;
        _expectOutOfBounds(risk, oracle, "gracePeriod", 7 days + 1, 0, 7 days);
    }

    function test_validate_rejectsZeroMaxTradeSize() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        risk.maxTradeSize = 0;
        _expectOutOfBounds(risk, oracle, "maxTradeSize", 0, 1, type(uint128).max);
    }

    function test_validate_rejectsCollateralFeedMaxAgeUnderAMinute() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        oracle.collateralFeedMaxAge = 59;
        _expectOutOfBounds(risk, oracle, "collateralFeedMaxAge", 59, 60, 25 hours);
    }

    function test_validate_rejectsCollateralFeedMaxAgeAboveADayPlusAnHour() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        oracle.collateralFeedMaxAge = 25 hours + 1;
        _expectOutOfBounds(risk, oracle, "collateralFeedMaxAge", 25 hours + 1, 60, 25 hours);
    }

    /// The bound the old 7-day limit let through: a week-old answer.
    function test_validate_rejectsDebtFeedMaxAgeOfAWeek() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        oracle.debtFeedMaxAge = 7 days;
        _expectOutOfBounds(risk, oracle, "debtFeedMaxAge", 7 days, 60, 25 hours);
    }

    /// Mainnet heartbeats plus the presets' 10-minute allowance: ETH/USD 1 h, USDC/USD 24 h.
    function test_validate_acceptsMainnetHeartbeatsPlusAllowance() public view {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        oracle.collateralFeedMaxAge = 1 hours + 10 minutes;
        oracle.debtFeedMaxAge = 24 hours + 10 minutes;
        harness.validate(risk, oracle, LIQUIDATION_LEVERAGE, LIQUIDATION_LEVERAGE, true);
    }

    /// Any max age accepted for one feed is accepted for the other; outside [1 minute, 25 hours]
    /// both revert naming their field.
    function testFuzz_validate_feedMaxAgesInsideTheirBoundsOnly(uint32 collateralAge, uint32 debtAge) public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        oracle.collateralFeedMaxAge = collateralAge;
        oracle.debtFeedMaxAge = debtAge;
        bool collateralInside = collateralAge >= 60 && collateralAge <= 25 hours;
        bool debtInside = debtAge >= 60 && debtAge <= 25 hours;
        if (!collateralInside) {
            _expectOutOfBounds(risk, oracle, "collateralFeedMaxAge", collateralAge, 60, 25 hours);
        } else if (!debtInside) {
            _expectOutOfBounds(risk, oracle, "debtFeedMaxAge", debtAge, 60, 25 hours);
        } else {
            harness.validate(risk, oracle, LIQUIDATION_LEVERAGE, LIQUIDATION_LEVERAGE, true);
        }
    }

    function test_validate_ignoresDebtFeedMaxAgeWithoutADebtFeed() public view {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        oracle.debtFeedMaxAge = 0;
        harness.validate(risk, oracle, LIQUIDATION_LEVERAGE, LIQUIDATION_LEVERAGE, false);
    }

    function test_validate_rejectsSequencerGracePeriodAboveOneDay() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        oracle.sequencerGracePeriod = 1 days + 1;
        _expectOutOfBounds(risk, oracle, "sequencerGracePeriod", 1 days + 1, 0, 1 days);
    }

    function test_validate_rejectsZeroMinPrice() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        oracle.minPrice = 0;
        _expectOutOfBounds(risk, oracle, "minPrice", 0, 1, oracle.maxPrice);
    }

    function test_validate_rejectsMinPriceAboveMaxPrice() public {
        (ILeveragedVaultTypes.RiskParameters memory risk, ILeveragedVaultTypes.OracleParameters memory oracle) = _defaultLong();
        oracle.minPrice = oracle.maxPrice + 1;
        _expectOutOfBounds(risk, oracle, "minPrice", oracle.maxPrice + 1, 1, oracle.maxPrice);
    }

    /* REDUCES RISK */

    /// Field indices: 0 target, 1 min, 2 max, 3 emergency leverage, 4 recentering speed, 5 slippage,
    /// 6 pool deviation, 7 reward bps, 8 cooldown, 9 grace period, 10 max trade size, 11 max reward,
    /// 12 deposit cap, 13 collateral feed age, 14 debt feed age, 15 sequencer grace, 16 min price,
    /// 17 max price.
    function _toArray(ILeveragedVaultTypes.RiskParameters memory r, ILeveragedVaultTypes.OracleParameters memory o)
        internal
        pure
        returns (uint256[FIELD_COUNT] memory a)
    {
        a = [
            uint256(r.targetLeverage),
            r.minLeverage,
            r.maxLeverage,
            r.emergencyLeverage,
            r.recenteringSpeedBps,
            r.maxSlippageBps,
            r.maxPoolDeviationBps,
            r.emergencyRewardBps,
            r.cooldown,
            r.gracePeriod,
            r.maxTradeSize,
            r.maxEmergencyReward,
            r.depositCap,
            o.collateralFeedMaxAge,
            o.debtFeedMaxAge,
            o.sequencerGracePeriod,
            o.minPrice,
            o.maxPrice
        ];
    }

    function _fromArray(uint256[FIELD_COUNT] memory a)
        internal
        pure
        returns (ILeveragedVaultTypes.RiskParameters memory r, ILeveragedVaultTypes.OracleParameters memory o)
    {
        r = ILeveragedVaultTypes.RiskParameters({
            targetLeverage: uint64(a[0]),
            minLeverage: uint64(a[1]),
            maxLeverage: uint64(a[2]),
            emergencyLeverage: uint64(a[3]),
            recenteringSpeedBps: uint16(a[4]),
            maxSlippageBps: uint16(a[5]),
            maxPoolDeviationBps: uint16(a[6]),
            emergencyRewardBps: uint16(a[7]),
            cooldown: uint32(a[8]),
            gracePeriod: uint32(a[9]),
            maxTradeSize: uint128(a[10]),
            maxEmergencyReward: uint128(a[11]),
            depositCap: uint128(a[12])
        });
        o = ILeveragedVaultTypes.OracleParameters({
            collateralFeedMaxAge: uint32(a[13]),
            debtFeedMaxAge: uint32(a[14]),
            sequencerGracePeriod: uint32(a[15]),
            minPrice: a[16],
            maxPrice: a[17]
        });
    }

    /// The largest value the field's type holds.
    function _typeMax(uint256 field) internal pure returns (uint256) {
        if (field <= 3) return type(uint64).max;
        if (field <= 7) return type(uint16).max;
        if (field <= 9 || (field >= 13 && field <= 15)) return type(uint32).max;
        if (field <= 12) return type(uint128).max;
        return type(uint256).max;
    }

    /// Whether raising the field adds risk (otherwise lowering it does): recentering speed, cooldown,
    /// sequencer grace and the minimum price protect the vault the higher they are.
    function _raisingAddsRisk(uint256 field) internal pure returns (bool) {
        return field != 4 && field != 8 && field != 15 && field != 16;
    }

    /// A fuzzed parameter set: every field anywhere in its type (reducesRisk compares, it does not validate).
    function _fuzzedParameters(uint256 seed) internal pure returns (uint256[FIELD_COUNT] memory a) {
        for (uint256 i; i < FIELD_COUNT; ++i) {
            uint256 raw = uint256(keccak256(abi.encode(seed, i)));
            uint256 typeMax = _typeMax(i);
            a[i] = typeMax == type(uint256).max ? raw : raw % (typeMax + 1);
        }
    }

    function testFuzz_reducesRisk_trueForAnUnchangedSet(uint256 seed) public view {
        (ILeveragedVaultTypes.RiskParameters memory r, ILeveragedVaultTypes.OracleParameters memory o) =
            _fromArray(_fuzzedParameters(seed));
        assertTrue(harness.reducesRisk(r, o, r, o));
    }

    function test_reducesRisk_trueForTheDefaults() public view {
        (ILeveragedVaultTypes.RiskParameters memory r, ILeveragedVaultTypes.OracleParameters memory o) = _defaultLong();
        assertTrue(harness.reducesRisk(r, o, r, o));
    }

    function testFuzz_reducesRisk_falseWhenOneFieldMovesTheRiskyWay(uint256 seed, uint256 field, uint256 delta)
        public
        view
    {
        field = bound(field, 0, FIELD_COUNT - 1);
        uint256[FIELD_COUNT] memory current = _fuzzedParameters(seed);
        uint256[FIELD_COUNT] memory next = _fuzzedParameters(seed);
        if (_raisingAddsRisk(field)) {
            uint256 room = _typeMax(field) - current[field];
            vm.assume(room > 0);
            next[field] = current[field] + bound(delta, 1, room);
        } else {
            vm.assume(current[field] > 0);
            next[field] = current[field] - bound(delta, 1, current[field]);
        }
        (ILeveragedVaultTypes.RiskParameters memory r, ILeveragedVaultTypes.OracleParameters memory o) = _fromArray(current);
        (ILeveragedVaultTypes.RiskParameters memory nr, ILeveragedVaultTypes.OracleParameters memory no) = _fromArray(next);
        assertFalse(harness.reducesRisk(r, o, nr, no));
    }

    function testFuzz_reducesRisk_trueWhenOneFieldMovesTheSafeWay(uint256 seed, uint256 field, uint256 delta)
        public
        view
    {
        field = bound(field, 0, FIELD_COUNT - 1);
        uint256[FIELD_COUNT] memory current = _fuzzedParameters(seed);
        uint256[FIELD_COUNT] memory next = _fuzzedParameters(seed);
        if (_raisingAddsRisk(field)) {
            vm.assume(current[field] > 0);
            next[field] = current[field] - bound(delta, 1, current[field]);
        } else {
            uint256 room = _typeMax(field) - current[field];
            vm.assume(room > 0);
            next[field] = current[field] + bound(delta, 1, room);
        }
        (ILeveragedVaultTypes.RiskParameters memory r, ILeveragedVaultTypes.OracleParameters memory o) = _fromArray(current);
        (ILeveragedVaultTypes.RiskParameters memory nr, ILeveragedVaultTypes.OracleParameters memory no) = _fromArray(next);
        assertTrue(harness.reducesRisk(r, o, nr, no));
    }

    /// Every field, one at a time, from the defaults: the risky direction queues, the safe one applies.
    function test_reducesRisk_classifiesEveryFieldFromTheDefaults() public view {
        (ILeveragedVaultTypes.RiskParameters memory r, ILeveragedVaultTypes.OracleParameters memory o) = _defaultLong();
        o.sequencerGracePeriod = 60; // so it can be lowered
        uint256[FIELD_COUNT] memory base = _toArray(r, o);
        for (uint256 field; field < FIELD_COUNT; ++field) {
            uint256[FIELD_COUNT] memory up = _toArray(r, o);
            uint256[FIELD_COUNT] memory down = _toArray(r, o);
            up[field] = base[field] + 1;
            down[field] = base[field] - 1;
            (ILeveragedVaultTypes.RiskParameters memory ur, ILeveragedVaultTypes.OracleParameters memory uo) = _fromArray(up);
            (ILeveragedVaultTypes.RiskParameters memory dr, ILeveragedVaultTypes.OracleParameters memory dO) = _fromArray(down);
            bool raisingAddsRisk = _raisingAddsRisk(field);
            assertEq(harness.reducesRisk(r, o, ur, uo), !raisingAddsRisk, string.concat("raise field ", vm.toString(field)));
            assertEq(harness.reducesRisk(r, o, dr, dO), raisingAddsRisk, string.concat("lower field ", vm.toString(field)));
        }
    }
}
